"""The service's roles and the case-work permissions of the shared layers, registered into the
role and permission registry (``core.permissions``) when this module is imported. A grant gives a
user a role within a scope. Probation functions register their own permissions (and give them to
these roles) through their function registration (``cases.functions``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.permissions import SCOPE_RANK, Scope


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


# Scopes belong to the access layer; re-exported for the grant model and forms.
__all__ = ["SCOPE_RANK", "Role", "Scope"]

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
_EXTERNAL = frozenset({Role.VOLUNTEER, Role.WORK_SUPERVISOR, Role.INTEGRATION})

for _role in Role:
    permissions.register_role(_role.value, _role.label, default_scope=DEFAULT_SCOPE[_role],
                              external=_role in _EXTERNAL)

# Case work permissions of the shared layers.
CASE_VIEW = permissions.register_permission("case.view", _("See client case files"), app="accounts")
CASE_EDIT = permissions.register_permission("case.edit", _("Edit client case files"), app="accounts")
CASE_OPEN = permissions.register_permission("case.open", _("Register clients and open case files"), app="accounts")
CASE_TRANSFER = permissions.register_permission("case.transfer", _("Transfer case files and change the responsible officer"), app="accounts")
SECTION_MANAGE = permissions.register_permission("section.manage", _("Open, manage and close sections"), app="accounts")
PERSON_VIEW = permissions.register_permission("person.view", _("See and search persons"), app="accounts")
PERSON_EDIT = permissions.register_permission("person.edit", _("Edit personal data"), app="accounts")
TASK_VIEW = permissions.register_permission("task.view", _("See tasks"), app="accounts")
TASK_WORK = permissions.register_permission("task.work", _("Work on tasks"), app="accounts")
TASK_ASSIGN = permissions.register_permission("task.assign", _("Assign tasks"), app="accounts")
INBOX_VIEW = permissions.register_permission("inbox.view", _("See the inbox"), app="accounts")
INBOX_REGISTER = permissions.register_permission("inbox.register", _("Register incoming documents"), app="accounts")
INBOX_SUBMIT = permissions.register_permission("inbox.submit", _("Post incoming documents (integrations)"), app="accounts")
DOCUMENT_VIEW = permissions.register_permission("document.view", _("See case documents"), app="accounts")
DOCUMENT_CREATE = permissions.register_permission("document.create", _("Create and upload case documents"), app="accounts")
TEMPLATE_MANAGE = permissions.register_permission("template.manage", _("Manage letter templates"), app="accounts")
WORKLOAD_VIEW = permissions.register_permission("workload.view", _("See the workload of officers"), app="accounts")
ORG_MANAGE = permissions.register_permission("org.manage", _("Manage the organisation"), app="accounts")
USER_MANAGE = permissions.register_permission("user.manage", _("Manage users and grants"), app="accounts")
POLICY_MANAGE = permissions.register_permission("policy.manage", _("Override policies"), app="accounts")
AUDIT_VIEW = permissions.AUDIT_VIEW  # the frame's own (core.views.audit_log)
JOBS_VIEW = permissions.JOBS_VIEW  # the frame's own (core.views.job_runs)
STATS_VIEW = permissions.register_permission("stats.view", _("See statistics and reports"), app="accounts")
RESEARCH_PSEUDONYMISED = permissions.register_permission("research.pseudonymised", _("Read pseudonymised research data"), app="accounts")

_CASEWORK = {
    CASE_VIEW, CASE_EDIT, CASE_OPEN, SECTION_MANAGE, PERSON_VIEW, PERSON_EDIT, TASK_VIEW, TASK_WORK,
    INBOX_VIEW, INBOX_REGISTER, DOCUMENT_VIEW, DOCUMENT_CREATE,
}
_MANAGEMENT = _CASEWORK | {CASE_TRANSFER, TASK_ASSIGN, WORKLOAD_VIEW, STATS_VIEW}

_BASE_PERMISSIONS: dict[str, frozenset[str]] = {
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
    Role.ADMINISTRATOR: frozenset({ORG_MANAGE, USER_MANAGE, POLICY_MANAGE, TEMPLATE_MANAGE, JOBS_VIEW}),
    Role.AUDITOR: frozenset({AUDIT_VIEW, CASE_VIEW, PERSON_VIEW, DOCUMENT_VIEW, TASK_VIEW}),
    # Document-management and court systems posting to the inbox with a scoped token.
    Role.INTEGRATION: frozenset({INBOX_SUBMIT}),
}

# Which sensitive field classes each role may see (``core.sensitivity``). Case scope still
# applies: a role sees these fields only on records it can see at all.
_SENSITIVITY: dict[str, frozenset[str]] = {
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

for _code, _perms in _BASE_PERMISSIONS.items():
    permissions.grant(*_perms, to=[_code])
for _code, _classes in _SENSITIVITY.items():
    permissions.allow_sensitivity(*_classes, to=[_code])
