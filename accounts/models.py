from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Role, Scope


class OrgUnit(models.Model):
    """The service's structure: headquarters, regions and territorial units."""

    class Kind(models.TextChoices):
        HEADQUARTERS = "hq", _("Headquarters")
        REGION = "region", _("Region")
        UNIT = "unit", _("Territorial unit")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    municipalities = models.JSONField(
        _("municipalities covered"), default=list, blank=True,
        help_text=_("ISO 3166-2:LV codes of the local governments the unit covers"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)

    # Display attribute set by accounts.selectors.org_tree (not a column).
    municipality_labels: list[str]

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="hq") | Q(parent__isnull=False), name="orgunit_parent_required"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def region_id(self) -> int | None:
        if self.kind == self.Kind.REGION:
            return self.pk
        if self.kind == self.Kind.UNIT:
            return self.parent_id
        return None


class User(AbstractUser):
    """A staff member, or an external user (volunteer, work-provider supervisor)."""

    home_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="staff", verbose_name=_("unit")
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_service_account = models.BooleanField(_("integration service account"), default=False)
    preferred_language = models.CharField(_("language"), max_length=5, default="lv")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Grant(models.Model):
    """A role held by a user within a scope. Scope ``unit``/``region`` name the org unit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    org_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="grants", verbose_name=_("unit")
    )
    valid_from = models.DateField(pgettext_lazy("role grant", "valid from"), default=timezone.localdate)
    valid_until = models.DateField(pgettext_lazy("role grant", "valid until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("granted by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=["own", "national"]) | Q(org_unit__isnull=False),
                name="grant_unit_required_for_unit_and_region_scope",
            ),
            models.UniqueConstraint(fields=["user", "role", "scope", "org_unit"], name="grant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.get_scope_display()}"

    def is_current(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.valid_from <= today and (self.valid_until is None or today <= self.valid_until)


class ApiToken(models.Model):
    """A scoped, revocable token for an integration service account. Only the hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list, help_text=_("API scopes, e.g. inbox:write"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> tuple[str, str]:
        """Returns (prefix, raw token). The raw token is shown once."""
        prefix = secrets.token_hex(4)
        return prefix, f"pl_{prefix}_{secrets.token_urlsafe(32)}"

    @property
    def active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
