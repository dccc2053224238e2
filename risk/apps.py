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
        # The level suggests the supervision intensity and the needs feed the plan (the officer confirms).
        from cases import advice
        from risk.selectors import supervision_advice

        advice.register(supervision_advice)
