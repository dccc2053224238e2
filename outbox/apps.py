from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Messages to clients")

    def ready(self) -> None:
        from accounts.roles import CASE_VIEW
        from core import registry

        registry.mount_urls("outbox/", "outbox.urls")
        registry.mount_api("/outbox", "outbox.api.router")
        registry.nav("outbox:list", _("Messages"), permission=CASE_VIEW, order=80)
