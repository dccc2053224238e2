"""Who supervises the work at a work provider (a partner organisation): a ``work_supervisor`` account
linked to the organisation enters the hours of the clients placed at its places."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from community.models import ProviderSupervisor
from core import access, audit
from core.errors import Conflict, ValidationFailed
from partners.models import Organisation


@transaction.atomic
def supervisor_link(*, actor: Any, provider: Organisation, user: User | None) -> ProviderSupervisor:
    """Let a work-provider supervisor account enter hours for this organisation's clients."""
    if user is None or not user.is_active or roles.Role.WORK_SUPERVISOR not in access.principal(user).roles:
        raise ValidationFailed("not_a_supervisor", _("Choose an account with the work-provider supervisor role."),
                               field="user")
    link, created = ProviderSupervisor.objects.get_or_create(user=user, provider=provider)
    if not created and link.active:
        raise Conflict("supervisor_linked", _("This account is already linked to the provider."), field="user")
    before = None if created else audit.snapshot(link)
    link.active = True
    link.save()
    audit.record(actor=actor, verb="community_supervisor_link", instance=link,
                 action="create" if created else "update", before=before, after=audit.snapshot(link))
    return link
