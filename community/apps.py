from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community service")

    def ready(self) -> None:
        from cases import functions
        from community.function import FUNCTION

        functions.register(FUNCTION)
