"""State changes of community service, one module per aggregate: ``details`` (what was ordered),
``orders`` (work orders at partner organisations' places), ``hours`` (the hours log),
``enforcement`` (missed sessions, warnings, submissions, the court's decision, completion) and
``supervisors`` (who enters hours at a work provider); ``documents`` generates the letters.

Every service is keyword-only with the actor named, runs in one transaction and writes the change log
(``core.audit``) and the case timeline (``cases.timeline``). The services are importable from here:
``from community import services; services.order_issue(...)``. Partner organisations themselves
(organisations, places, agreements, contacts) are changed through ``partners.services``."""

from community.services.details import details_create, details_update
from community.services.enforcement import details_complete, step_record, submission_decide
from community.services.hours import hours_correct, hours_record, hours_record_bulk
from community.services.orders import order_change_place, order_document, order_issue
from community.services.supervisors import supervisor_link

__all__ = [
    "details_complete", "details_create", "details_update", "hours_correct", "hours_record", "hours_record_bulk",
    "order_change_place", "order_document", "order_issue", "step_record", "submission_decide", "supervisor_link",
]
