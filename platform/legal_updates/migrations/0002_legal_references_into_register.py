"""The legal references documents carried (documents.LegalReference) move into the province's legal register.

In each agency schema, every reference becomes a link from its document to the register entry with its number
(matched without case), and the entry is added when the province's register has none: title, issuer, the
issue date as signed date and the effective date are kept, and the entry is the agency's own. An entry that
exists already gets the blanks it has filled from the reference. Two references of one document to the same
number become one link citing both sets of articles. A schema with references but no province refuses to
migrate rather than lose them. Reversing makes the references again from the links (the register keeps its
entries). documents.0007 then drops the old table.
"""

import re

from django.db import migrations

KINDS = [(re.compile(r"/(TT|TTLT)[-/]", re.I), "circular"), (re.compile(r"/(NĐ|ND)[-/]", re.I), "decree"),
         (re.compile(r"/(QĐ|QD)[-/]", re.I), "decision"), (re.compile(r"/QH\d*$", re.I), "law")]


def guess_kind(number: str) -> str:
    for pattern, kind in KINDS:
        if pattern.search(number):
            return kind
    return "other"


def _agency(apps, connection):
    Agency = apps.get_model("tenants", "Agency")
    return Agency.objects.filter(schema_name=connection.schema_name).first()


def forwards(apps, schema_editor):
    LegalReference = apps.get_model("documents", "LegalReference")
    LegalDocument = apps.get_model("legal", "LegalDocument")
    LegalLink = apps.get_model("legal_updates", "LegalLink")
    references = list(LegalReference.objects.order_by("document_id", "pk"))
    if not references:
        return
    agency = _agency(apps, schema_editor.connection)
    if agency is None or agency.province_id is None:
        raise RuntimeError(f"{schema_editor.connection.schema_name}: legal references but no province to keep them")
    for reference in references:
        number = " ".join(reference.number.split())
        entry = LegalDocument.objects.filter(province_id=agency.province_id, number__iexact=number).first()
        values = {"title": reference.title, "issuer": reference.issuer, "signed_on": reference.issued_on,
                  "effective_on": reference.effective_on}
        if entry is None:
            entry = LegalDocument.objects.create(province_id=agency.province_id, number=number,
                                                 kind=guess_kind(number), added_by_agency_id=agency.pk, **values)
        else:
            blanks = [name for name, value in values.items() if value and not getattr(entry, name)]
            for name in blanks:
                setattr(entry, name, values[name])
            if blanks:
                entry.save(update_fields=blanks)
        link = LegalLink.objects.filter(legal_document_id=entry.pk, document_id=reference.document_id).first()
        if link is None:
            LegalLink.objects.create(legal_document_id=entry.pk, document_id=reference.document_id,
                                     articles=reference.articles)
        elif reference.articles and reference.articles not in link.articles:
            link.articles = "; ".join(filter(None, [link.articles, reference.articles]))[:300]
            link.save(update_fields=["articles"])


def backwards(apps, schema_editor):
    LegalReference = apps.get_model("documents", "LegalReference")
    LegalDocument = apps.get_model("legal", "LegalDocument")
    LegalLink = apps.get_model("legal_updates", "LegalLink")
    links = list(LegalLink.objects.order_by("pk"))
    entries = {e.pk: e for e in LegalDocument.objects.filter(pk__in=[link.legal_document_id for link in links])}
    LegalReference.objects.bulk_create([
        LegalReference(document_id=link.document_id, number=entries[link.legal_document_id].number[:64],
                       title=entries[link.legal_document_id].title[:300],
                       issuer=entries[link.legal_document_id].issuer[:150],
                       issued_on=entries[link.legal_document_id].signed_on,
                       effective_on=entries[link.legal_document_id].effective_on, articles=link.articles[:150])
        for link in links if link.legal_document_id in entries])
    LegalLink.objects.all().delete()
    with schema_editor.connection.cursor() as cursor:  # check the deferred keys now, not at a later DROP
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("legal", "0001_initial"),
        ("legal_updates", "0001_initial"),
        ("documents", "0006_records_leave_for_their_own_app"),
        ("tenants", "0003_provisioning_job_updated_at"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
