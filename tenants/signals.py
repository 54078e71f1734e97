from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .middleware import forget_cached_tenants
from .models import Agency, Domain


@receiver([post_save, post_delete], sender=Agency)
@receiver([post_save, post_delete], sender=Domain)
def _agency_changed(**kwargs):
    forget_cached_tenants()
