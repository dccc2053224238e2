from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Organisation and staff")

    def ready(self) -> None:
        from accounts import roles, twofactor
        from core import registry

        registry.mount_urls("admin-ui/", "accounts.urls")
        registry.mount_api("/org", "accounts.api.router")
        registry.nav("accounts:org", _("Organisation"), permission=roles.ORG_MANAGE, order=90)
        registry.nav("accounts:users", _("Users"), permission=roles.USER_MANAGE, order=100)
        registry.nav("accounts:policies", _("Policies"), permission=roles.POLICY_MANAGE, order=110)
        registry.landing("accounts:users", permission=roles.USER_MANAGE, order=40)
        registry.sign_in_gate(twofactor.pending_step)
