from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner organisations")

    def ready(self) -> None:
        from core import registry

        registry.mount_urls("partners/", "partners.urls")
        registry.mount_api("/partners", "partners.api.router")
