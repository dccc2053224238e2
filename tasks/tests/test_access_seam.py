"""Persona access and query counts of the management pages and API routes that had none: rejecting an
incoming document, posting one over the API, the notifications page and the task and inbox lists of the
API (tests/test_seam.py asks for one per page, route and list)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from core.testing.checks import assert_api_access, assert_constant_queries, assert_page_access, client_for
from tasks import services
from tasks.models import IncomingDocument, Notification
from tasks.tests.factories import pdf, receive

pytestmark = pytest.mark.django_db

EVERYONE = ["alice", "bob", "carol", "hanna", "rita", "otto", "anna", "rolf", "emil", "vera", "walt", "admin",
            "audrey", "noah"]


def test_reject_posts_need_inbox_register_in_scope(personas, item):
    # Those who may register documents of the item's unit get the form back with its errors.
    assert_page_access(reverse("tasks:inbox_reject", args=[item.pk]), personas, allowed=["alice", "bob", "hanna", "rita"],
                       denied=["carol", "otto", "audrey", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"],
                       method="post", data={}, ok_status=(422,))
    item.refresh_from_db()
    assert item.status == IncomingDocument.Status.NEW


def test_posting_to_the_inbox_is_for_integrations_only(personas):
    """No person holds ``inbox.submit``: integrations post with a token (test_api.py)."""
    form = {"kind": "court_ruling", "sender": "Liepājas tiesa", "sender_reference": "K-9",
            "document_date": "2026-01-05", "unit_code": "LIEP", "file": pdf()}
    assert_api_access("/api/inbox/", personas, method="post", form=form, allowed=[], denied=EVERYONE)
    assert not IncomingDocument.objects.exists()
    # Reading back what one posted, too (even the person who registered the document in the UI).
    item = receive(personas)
    assert_api_access(f"/api/inbox/submitted/{item.pk}", personas, allowed=[], denied=EVERYONE)


def test_notifications_page_query_count_is_constant(personas, client_case):
    def build(n):
        for i in range(n):
            task = services.task_create(actor=personas.hanna, title=f"Uzdevums {i}", unit=personas.org.riga_centre,
                                        due_date=dt.date(2026, 1, 1) + dt.timedelta(days=i), case=client_case,
                                        assignee=personas.alice)
            Notification.objects.create(user=personas.alice, task=task,
                                        kind=Notification.Kind.OVERDUE if i % 2 else Notification.Kind.DUE_SOON)

    alice = client_for(personas.alice)
    assert_constant_queries(build, lambda: alice.get(reverse("tasks:notifications"), {"show": "all"}))


def test_api_task_list_query_count_is_constant(personas, client_case):
    def build(n):
        for i in range(n):
            services.task_create(actor=personas.hanna, title=f"Uzdevums {i}", unit=personas.org.riga_centre,
                                 due_date=dt.date(2026, 1, 1) + dt.timedelta(days=i),
                                 case=client_case if i % 2 else None,
                                 assignee=personas.bob if i % 3 else personas.alice)

    hanna = client_for(personas.hanna)
    assert_constant_queries(build, lambda: hanna.get("/api/tasks/", {"view": "unit", "status": "all"}))


def test_api_inbox_list_query_count_is_constant(personas):
    def build(n):
        for i in range(n):
            receive(personas, sender_reference=f"K-{i}", file=pdf(),
                    unit=personas.org.riga_centre if i % 2 else personas.org.riga_east)

    rita = client_for(personas.rita)
    assert_constant_queries(build, lambda: rita.get("/api/inbox/", {"status": "all"}))
