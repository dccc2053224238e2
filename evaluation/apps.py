from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation reports")

    def ready(self) -> None:
        from cases import functions
        from evaluation.function import FUNCTION

        functions.register(FUNCTION)
