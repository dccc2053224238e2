"""Account security rules as data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.policies import Policy, register


def _role_choices() -> list[tuple[str, object]]:
    from accounts.roles import Role

    return list(Role.choices)


TWO_FACTOR_ROLES = register(Policy(
    key="accounts.two_factor_roles",
    default=[],
    unit=_("role codes"),
    source=_("Service security policy (default)"),
    description=_("Roles whose holders must sign in with two steps (password and a 6-digit code from an "
                  "authenticator app). A service should set this to [\"administrator\", \"auditor\"]. "
                  "Everyone else may turn two-step sign-in on for themselves."),
    confirmed=False,
    choices_from=_role_choices,
))
