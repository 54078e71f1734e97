"""Full-text search that works with and without Vietnamese diacritics, for every agency schema.

The extension and the text search configuration live once in the public schema; tenant schemas reach them
through their search_path (django-tenants always appends public), and the code names them schema-qualified
(`public.eiso_vi`) so a tenant's DDL replay never needs its own copy.

eiso_vi is `simple` (no stemming: Vietnamese words are single syllables and must match exactly) with
`unaccent` in front, so "quy trình", "Quy trinh" and "QUY TRÌNH" index and query as the same lexemes.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
                   WHERE c.cfgname = 'eiso_vi' AND n.nspname = 'public') THEN
        CREATE TEXT SEARCH CONFIGURATION public.eiso_vi (COPY = pg_catalog.simple);
        ALTER TEXT SEARCH CONFIGURATION public.eiso_vi
            ALTER MAPPING FOR word, hword, hword_part, asciiword, asciihword, hword_asciipart
            WITH public.unaccent, pg_catalog.simple;
    END IF;
END
$$;
"""

DROP = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS public.eiso_vi;
DROP EXTENSION IF EXISTS unaccent;
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunSQL(CREATE, DROP)]
