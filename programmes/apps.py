from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Probation programmes")

    def ready(self) -> None:
        from cases import functions
        from programmes.function import FUNCTION

        functions.register(FUNCTION)
