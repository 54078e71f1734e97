from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "eISO core"

    def ready(self):
        # Every app's indicators.py, worklist.py and edition_parts.py register their entries now.
        from .registry import autodiscover

        autodiscover()
