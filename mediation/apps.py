from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "mediation"
    verbose_name = _("Mediation")

    def ready(self) -> None:
        from cases import functions
        from mediation.function import FUNCTION

        functions.register(FUNCTION)
