from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .middleware import forget_cached_tenants
from .models import Agency, Domain


@receiver([post_save, post_delete], sender=Agency)
@receiver([post_save, post_delete], sender=Domain)
def _agency_changed(**kwargs):
    forget_cached_tenants()


# Sent by tenants.provisioning.create_agency inside the transaction that creates the agency (every way in:
# the admin form, the CSV import, the API), with `agency`: what must exist with it is created in the same
# transaction (the supervisor's rollup row), so it exists exactly when the agency does.
agency_created = Signal()
