"""Roles and what each may do, as data. A grant gives a user a role within a scope.

Permissions are plain strings ``<area>.<action>``. Scopes widen: own caseload < unit < region <
national. The access layer (``core.access``) turns grants into query filters.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("Probation officer")
    SENIOR_OFFICER = "senior_officer", _("Senior probation officer")
    UNIT_HEAD = "unit_head", _("Head of territorial unit")
    REGIONAL_HEAD = "regional_head", _("Regional head")
    ANALYST = "analyst", _("Headquarters analyst")
    RESEARCHER = "researcher", _("Researcher (pseudonymised data only)")
    EM_OPERATOR = "em_operator", _("Electronic monitoring operator")
    MEDIATOR = "mediator", _("Mediator")
    VOLUNTEER = "volunteer", _("Volunteer")
    FACILITATOR = "facilitator", _("Programme facilitator")
    WORK_SUPERVISOR = "work_supervisor", _("Work-provider supervisor (external)")
    ADMINISTRATOR = "administrator", _("Administrator")
    AUDITOR = "auditor", _("Auditor")
    INTEGRATION = "integration", _("Integration service account")


class Scope(models.TextChoices):
    OWN = "own", _("Own caseload")
    UNIT = "unit", _("Territorial unit")
    REGION = "region", _("Region")
    NATIONAL = "national", _("National")


SCOPE_RANK = {Scope.OWN: 0, Scope.UNIT: 1, Scope.REGION: 2, Scope.NATIONAL: 3}

# Case work permissions.
CASE_VIEW = "case.view"
CASE_EDIT = "case.edit"
CASE_OPEN = "case.open"
CASE_TRANSFER = "case.transfer"
SECTION_MANAGE = "section.manage"
PERSON_VIEW = "person.view"
PERSON_EDIT = "person.edit"
TASK_VIEW = "task.view"
TASK_WORK = "task.work"
TASK_ASSIGN = "task.assign"
INBOX_VIEW = "inbox.view"
INBOX_REGISTER = "inbox.register"
INBOX_SUBMIT = "inbox.submit"  # post incoming documents (integrations)
DOCUMENT_VIEW = "document.view"
DOCUMENT_CREATE = "document.create"
TEMPLATE_MANAGE = "template.manage"
WORKLOAD_VIEW = "workload.view"
ORG_MANAGE = "org.manage"
USER_MANAGE = "user.manage"
POLICY_MANAGE = "policy.manage"
AUDIT_VIEW = "audit.view"
STATS_VIEW = "stats.view"
RESEARCH_PSEUDONYMISED = "research.pseudonymised"

_CASEWORK = {
    CASE_VIEW, CASE_EDIT, CASE_OPEN, SECTION_MANAGE, PERSON_VIEW, PERSON_EDIT, TASK_VIEW, TASK_WORK,
    INBOX_VIEW, INBOX_REGISTER, DOCUMENT_VIEW, DOCUMENT_CREATE,
}
_MANAGEMENT = _CASEWORK | {CASE_TRANSFER, TASK_ASSIGN, WORKLOAD_VIEW, STATS_VIEW}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OFFICER: frozenset(_CASEWORK),
    Role.SENIOR_OFFICER: frozenset(_CASEWORK | {TASK_ASSIGN, CASE_TRANSFER}),
    Role.UNIT_HEAD: frozenset(_MANAGEMENT),
    Role.REGIONAL_HEAD: frozenset(_MANAGEMENT),
    Role.ANALYST: frozenset({STATS_VIEW, WORKLOAD_VIEW}),
    Role.RESEARCHER: frozenset({RESEARCH_PSEUDONYMISED}),
    # The EM centre, mediators, volunteers, facilitators and work-provider supervisors get their
    # own restricted views from their modules; they see no case file through the generic layer.
    Role.EM_OPERATOR: frozenset(),
    Role.MEDIATOR: frozenset(),
    Role.VOLUNTEER: frozenset(),
    Role.FACILITATOR: frozenset(),
    Role.WORK_SUPERVISOR: frozenset(),
    Role.ADMINISTRATOR: frozenset({ORG_MANAGE, USER_MANAGE, POLICY_MANAGE, TEMPLATE_MANAGE}),
    Role.AUDITOR: frozenset({AUDIT_VIEW, CASE_VIEW, PERSON_VIEW, DOCUMENT_VIEW, TASK_VIEW}),
    # Document-management and court systems posting to the inbox with a scoped token.
    Role.INTEGRATION: frozenset({INBOX_SUBMIT}),
}

# The scope a role normally comes with (the administrator may choose another when granting).
# Officers read the cases of their whole unit (to stand in for colleagues); "my caseload" is a filter.
DEFAULT_SCOPE: dict[str, str] = {
    Role.OFFICER: Scope.UNIT,
    Role.SENIOR_OFFICER: Scope.UNIT,
    Role.UNIT_HEAD: Scope.UNIT,
    Role.REGIONAL_HEAD: Scope.REGION,
    Role.ANALYST: Scope.NATIONAL,
    Role.RESEARCHER: Scope.NATIONAL,
    Role.EM_OPERATOR: Scope.NATIONAL,
    Role.MEDIATOR: Scope.OWN,
    Role.VOLUNTEER: Scope.OWN,
    Role.FACILITATOR: Scope.OWN,
    Role.WORK_SUPERVISOR: Scope.OWN,
    Role.ADMINISTRATOR: Scope.NATIONAL,
    Role.AUDITOR: Scope.NATIONAL,
    Role.INTEGRATION: Scope.NATIONAL,
}

# Roles held by people outside the service: they never get staff-wide pages.
EXTERNAL_ROLES = frozenset({Role.VOLUNTEER, Role.WORK_SUPERVISOR, Role.INTEGRATION})

# Which sensitive field classes each role may see (``core.sensitivity``). Case scope still
# applies: a role sees these fields only on records it can see at all.
ROLE_SENSITIVITY: dict[str, frozenset[str]] = {
    Role.OFFICER: frozenset({"health", "victim", "address", "criminal_record"}),
    Role.SENIOR_OFFICER: frozenset({"health", "victim", "address", "criminal_record"}),
    Role.UNIT_HEAD: frozenset({"health", "victim", "address", "criminal_record"}),
    Role.REGIONAL_HEAD: frozenset({"address", "criminal_record"}),
    Role.ANALYST: frozenset(),
    Role.RESEARCHER: frozenset(),
    Role.EM_OPERATOR: frozenset({"address", "em_location"}),
    Role.MEDIATOR: frozenset({"victim"}),
    Role.VOLUNTEER: frozenset(),
    Role.FACILITATOR: frozenset(),
    Role.WORK_SUPERVISOR: frozenset(),
    Role.ADMINISTRATOR: frozenset(),
    Role.AUDITOR: frozenset({"health", "victim", "address", "criminal_record", "em_location"}),
    Role.INTEGRATION: frozenset(),
}
