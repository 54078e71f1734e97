"""Which settings are being read, for the parts of base.py that must behave differently before the
profile's own module has run. prod.py sets EXTERNAL_SERVICES_REQUIRED before importing base, so a missing
DATABASE_URL or REDIS_URL stops the process instead of quietly starting an empty embedded database."""

EXTERNAL_SERVICES_REQUIRED = False
