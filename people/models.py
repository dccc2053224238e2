from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    """A client, victim, legal representative or contact."""

    # Set by people.services.person_update (not a column): the fields the update changed.
    changed_fields: list[str]

    class Sex(models.TextChoices):
        FEMALE = "F", _("female")
        MALE = "M", _("male")
        UNKNOWN = "U", _("not known")

    class CodeFormat(models.TextChoices):
        OLD = "old", _("with birth date (DDMMYY-XNNNN)")
        NEW = "new", _("without birth date (32…)")
        NONE = "none", _("no Latvian personal code")

    personal_code = models.CharField(_("personal code"), max_length=11, null=True, blank=True, unique=True)
    code_format = models.CharField(max_length=4, choices=CodeFormat.choices, default=CodeFormat.NONE)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    languages = models.JSONField(_("languages"), default=list, blank=True, help_text="ISO 639-1 codes")
    # Foreigners without a Latvian code: identity document.
    document_type = models.CharField(_("identity document"), max_length=40, blank=True)
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    document_country = models.CharField(_("issued by (country)"), max_length=2, blank=True)
    declared_municipality = models.CharField(_("declared residence: municipality"), max_length=10, blank=True)
    declared_address = models.CharField(_("declared residence: address"), max_length=300, blank=True)
    actual_municipality = models.CharField(_("actual residence: municipality"), max_length=10, blank=True)
    actual_address = models.CharField(_("actual residence: address"), max_length=300, blank=True)
    # Folded "last first" and "first last" for prefix search without diacritics.
    search_name = models.CharField(max_length=210, editable=False, db_index=True)
    search_name_reversed = models.CharField(max_length=210, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)


    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            models.Index(fields=["last_name", "first_name", "birth_date"], name="person_name_birth"),
            # Name search among the persons a user registered who have no case file yet: one range
            # of this index instead of every person nationally with the same name prefix.
            models.Index(fields=["created_by", "search_name"], name="person_creator_search_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(personal_code__isnull=False) | (~Q(document_number="") & ~Q(document_type="")),
                name="person_identified_by_code_or_document",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def personal_code_display(self) -> str:
        if not self.personal_code:
            return ""
        return f"{self.personal_code[:6]}-{self.personal_code[6:]}"


class Alias(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    search_name = models.CharField(max_length=210, editable=False, db_index=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Contact(models.Model):
    class Kind(models.TextChoices):
        MOBILE = "mobile", _("mobile phone")
        PHONE = "phone", _("phone")
        EMAIL = "email", _("e-mail")
        OTHER = "other", _("other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=200)
    note = models.CharField(_("note"), max_length=200, blank=True)
    preferred = models.BooleanField(_("preferred"), default=False)

    class Meta:
        ordering = ["-preferred", "kind"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

