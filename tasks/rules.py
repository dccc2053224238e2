"""Task rules as data: "when <trigger> happens, create <task> due within <policy> working days".

A rule names its trigger, its title, the policy that holds its deadline in working days and a
``make`` function that turns the trigger's payload into the task's links (case, section, inbox
item, unit, assignee) and the date the deadline counts from, or ``None`` when the rule does not
apply. Triggers are either

* ``"inbox.received"``: fired by :func:`tasks.services.inbox_receive` with ``item=``; or
* ``"timeline:<event code>"``: any case timeline event (``cases.timeline``), e.g.
  ``"timeline:section_opened"``; registering such a rule subscribes it with ``timeline.on``, and
  the rule's ``make`` receives the event's keyword arguments (``event``, ``case``, ``section``,
  ``actor`` and the event data).

Later modules add their rules in their own ``rules.py`` with :func:`register` (and import it in
their ``AppConfig.ready``). Tasks created by rules run inside the triggering transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases import timeline
from core import calendar, policies

INBOX_RECEIVED = "inbox.received"
TIMELINE_PREFIX = "timeline:"


@dataclass(frozen=True)
class TaskSpec:
    """What a rule wants created for one trigger."""

    start: dt.date  # the deadline counts from this day (not itself counted)
    unit: Any
    case: Any = None
    section: Any = None
    inbox_item: Any = None
    assignee: Any = None
    description: str = ""


@dataclass(frozen=True)
class TaskRule:
    code: str
    trigger: str
    title: str | Promise
    deadline_policy: str  # policy key: working days from ``TaskSpec.start``
    make: Callable[..., TaskSpec | None]
    source: str = ""
    completes_with: tuple[str, ...] = field(default_factory=tuple)  # outcome codes the flow records

    def due_date(self, start: dt.date) -> dt.date:
        return calendar.add_working_days(start, int(policies.value(self.deadline_policy)))


RULES: dict[str, TaskRule] = {}
_SUBSCRIBED: set[str] = set()


def register(rule: TaskRule) -> TaskRule:
    """Add a rule. Timeline triggers are subscribed once per event code."""
    RULES[rule.code] = rule
    if rule.trigger.startswith(TIMELINE_PREFIX):
        code = rule.trigger[len(TIMELINE_PREFIX):]
        if code not in _SUBSCRIBED:
            _SUBSCRIBED.add(code)

            @timeline.on(code)
            def _listener(*, actor: Any = None, **payload: Any) -> None:
                fire(f"{TIMELINE_PREFIX}{code}", actor=actor, **payload)

    return rule


def unregister(code: str) -> None:
    """Remove a rule (tests, or a jurisdiction that does not use it)."""
    RULES.pop(code, None)


def fire(trigger: str, *, actor: Any, **payload: Any) -> list[Any]:
    """Run every rule listening to ``trigger``; returns the tasks created."""
    from tasks.services import task_create

    created = []
    for rule in list(RULES.values()):
        if rule.trigger != trigger:
            continue
        spec = rule.make(actor=actor, **payload)
        if spec is None:
            continue
        with translation.override(None):
            title = str(rule.title)  # stored in the source language; pages show the translated rule title
        created.append(task_create(
            actor=actor, title=title, kind=rule.code, unit=spec.unit, due_date=rule.due_date(spec.start),
            case=spec.case, section=spec.section, inbox_item=spec.inbox_item, assignee=spec.assignee,
            description=spec.description,
        ))
    return created


# --- The first rule: a document in the inbox must become a case (or a section) in time. ---------

OPEN_CASE_FILE = "inbox.open_case_file"
OUTCOME_REGISTERED = "registered"


def _open_case_file(*, item: Any, **_: Any) -> TaskSpec:
    return TaskSpec(start=timezone.localdate(item.received_at), unit=item.routed_unit, inbox_item=item)


register(TaskRule(
    code=OPEN_CASE_FILE,
    trigger=INBOX_RECEIVED,
    title=_("Open the case file"),
    deadline_policy="cases.opening_deadline_working_days",
    make=_open_case_file,
    source="VPD Law; Cabinet rules on probation client case files",
    completes_with=(OUTCOME_REGISTERED,),
))
