from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import registry
        from core.permissions import AUDIT_VIEW

        registry.nav("audit_log", _("Audit"), permission=AUDIT_VIEW, order=130)
        registry.landing("audit_log", permission=AUDIT_VIEW, order=50)
