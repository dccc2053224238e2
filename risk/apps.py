from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = _("Risk and needs assessment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cases import functions
        from risk.function import FUNCTION

        functions.register(FUNCTION)
