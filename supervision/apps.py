from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        # Not at the top: Django imports apps.py while it is still loading the apps, before any model
        # may be imported; ready() is its documented place for what needs the loaded apps.
        from cases import functions
        from supervision.function import FUNCTION

        functions.register(FUNCTION)
