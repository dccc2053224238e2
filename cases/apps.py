from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Case files")

    def ready(self) -> None:
        from accounts.roles import CASE_VIEW
        from cases.selectors import covered_officers
        from core import access, registry

        access.register_stand_in(covered_officers)

        registry.mount_urls("", "cases.urls", order=10)
        registry.mount_api("/persons", "cases.api.persons_router", order=10)
        registry.mount_api("/cases", "cases.api.router", order=20)
        registry.nav("caseload", _("My caseload"), permission=CASE_VIEW, order=10)
        registry.landing("caseload", permission=CASE_VIEW, order=20)
