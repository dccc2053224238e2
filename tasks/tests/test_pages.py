import datetime as dt

import pytest
from django.urls import reverse

from cases.models import Case, Section
from core.testing.checks import assert_constant_queries, assert_page_access, client_for
from people.models import Person
from tasks import services
from tasks.models import IncomingDocument, Notification, Task
from tasks.tests.factories import pdf, receive

pytestmark = pytest.mark.django_db

STAFF_WITH_TASKS = ["alice", "bob", "carol", "hanna", "rita", "otto", "audrey"]
NO_TASKS = ["anna", "rolf", "emil", "vera", "walt", "admin", "noah"]
INBOX_USERS = ["alice", "bob", "carol", "hanna", "rita", "otto"]
NO_INBOX = ["audrey", "anna", "rolf", "emil", "vera", "walt", "admin", "noah"]


@pytest.mark.parametrize("name", ["tasks:mine", "tasks:unit", "tasks:overdue"])
def test_task_lists_access(personas, name):
    assert_page_access(reverse(name), personas, allowed=STAFF_WITH_TASKS, denied=NO_TASKS)


def test_inbox_pages_access(personas, item):
    assert_page_access(reverse("tasks:inbox"), personas, allowed=INBOX_USERS, denied=NO_INBOX)
    assert_page_access(reverse("tasks:inbox_new"), personas, allowed=INBOX_USERS, denied=NO_INBOX)
    in_scope, out_of_scope = ["alice", "bob", "hanna", "rita"], ["carol", "otto", *NO_INBOX]
    for name in ("tasks:inbox_detail", "tasks:inbox_file", "tasks:register_find"):
        assert_page_access(reverse(name, args=[item.pk]), personas, allowed=in_scope, denied=out_of_scope)
    assert_page_access(reverse("tasks:register_details", args=[item.pk]) + "?new=1", personas,
                       allowed=in_scope, denied=out_of_scope)


def test_file_download_is_the_stored_file(personas, item):
    response = client_for(personas.bob).get(reverse("tasks:inbox_file", args=[item.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_task_detail_access(personas, client_case, item):
    queue = Task.objects.get(inbox_item=item)  # unassigned, Rīga centre
    assert_page_access(reverse("tasks:detail", args=[queue.pk]), personas,
                       allowed=["alice", "bob", "hanna", "rita", "audrey"], denied=["carol", "otto", *NO_TASKS])
    own = services.task_create(actor=personas.alice, title="Home visit", unit=personas.org.riga_centre,
                               due_date=dt.date(2026, 1, 20), case=client_case, assignee=personas.alice)
    assert_page_access(reverse("tasks:detail", args=[own.pk]), personas,
                       allowed=["alice", "bob", "hanna", "rita", "audrey"], denied=["carol", "otto", *NO_TASKS])


def test_case_tasks_tab_access(personas, client_case):
    assert_page_access(reverse("tasks:case_tasks", args=[client_case.pk]), personas,
                       allowed=["alice", "bob", "hanna", "rita", "audrey"], denied=["carol", "otto", *NO_TASKS])
    assert client_for(personas.alice).get(reverse("tasks:case_tasks", args=[999999])).status_code == 404


def test_workload_and_notifications_access(personas):
    assert_page_access(reverse("tasks:workload"), personas, allowed=["hanna", "rita", "otto", "anna"],
                       denied=["alice", "bob", "carol", "audrey", "rolf", "emil", "vera", "walt", "admin", "noah"])
    assert_page_access(reverse("tasks:notifications"), personas, allowed=list(personas.all()), denied=[])


def test_action_posts_are_404_without_permission(personas, client_case):
    task = services.task_create(actor=personas.alice, title="Home visit", unit=personas.org.riga_centre,
                                due_date=dt.date(2026, 1, 20), case=client_case, assignee=personas.alice)
    for name, data in (("tasks:complete", {"outcome": "x", "version": 1}),
                       ("tasks:assign", {"assignee": personas.bob.pk, "version": 1}),
                       ("tasks:cancel", {"reason": "x", "version": 1})):
        assert_page_access(reverse(name, args=[task.pk]), personas, allowed=[],
                           denied=["carol", "otto", "audrey", *NO_TASKS], method="post", data=data)
    assert client_for(personas.alice).post(reverse("tasks:assign", args=[task.pk]),
                                           {"assignee": personas.bob.pk, "version": 1}).status_code == 404
    task.refresh_from_db()
    assert task.status == "open" and task.assignee == personas.alice


def test_complete_form_shows_errors_beside_the_field(personas, client_case):
    task = services.task_create(actor=personas.alice, title="Home visit", unit=personas.org.riga_centre,
                                due_date=dt.date(2026, 1, 20), case=client_case, assignee=personas.alice)
    client = client_for(personas.alice)
    response = client.post(reverse("tasks:complete", args=[task.pk]), {"outcome": "", "version": task.version})
    assert response.status_code == 422
    assert response.context["complete_form"].errors["outcome"]
    assert b"govuk-error-summary" in response.content
    response = client.post(reverse("tasks:complete", args=[task.pk]), {"outcome": "Held", "version": task.version})
    assert response.status_code == 302
    response = client.post(reverse("tasks:complete", args=[task.pk]), {"outcome": "Again", "version": 1})
    assert response.status_code == 422  # stale version: concurrent edit, shown on top
    task.refresh_from_db()
    assert (task.status, task.outcome) == ("done", "Held")


def test_hanna_reassigns_from_the_page(personas, client_case):
    task = services.task_create(actor=personas.alice, title="Home visit", unit=personas.org.riga_centre,
                                due_date=dt.date(2026, 1, 20), case=client_case, assignee=personas.alice)
    client = client_for(personas.hanna)
    page = client.get(reverse("tasks:detail", args=[task.pk]))
    assert personas.carol not in page.context["assign_form"].fields["assignee"].queryset
    response = client.post(reverse("tasks:assign", args=[task.pk]), {"assignee": personas.bob.pk, "version": 1})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assignee == personas.bob


def test_overdue_is_shown_with_text(personas, client_case):
    services.task_create(actor=personas.alice, title="Late report", unit=personas.org.riga_centre,
                         due_date=dt.date(2020, 1, 6), case=client_case, assignee=personas.alice)
    response = client_for(personas.alice).get(reverse("tasks:overdue"))
    assert "Late report" in response.content.decode()
    assert "app-tag--overdue" in response.content.decode()
    body = client_for(personas.alice).get(reverse("tasks:mine"), {"sort": "-due"}).content.decode()
    assert "Late report" in body


def test_lists_show_only_visible_tasks(personas, client_case):
    services.task_create(actor=personas.carol, title="Liepāja only", unit=personas.org.liepaja,
                         due_date=dt.date(2026, 1, 20), assignee=personas.carol)
    services.task_create(actor=personas.hanna, title="Bob's own", unit=personas.org.riga_centre,
                         due_date=dt.date(2026, 1, 20), assignee=personas.bob)
    alice_unit = client_for(personas.alice).get(reverse("tasks:unit")).content.decode()
    assert "Liepāja only" not in alice_unit
    alice_mine = client_for(personas.alice).get(reverse("tasks:mine")).content.decode()
    assert "Bob&#x27;s own" not in alice_mine
    hanna_unit = client_for(personas.hanna).get(reverse("tasks:unit")).content.decode()
    assert "Bob&#x27;s own" in hanna_unit and "Liepāja only" not in hanna_unit
    rita_filtered = client_for(personas.rita).get(reverse("tasks:unit"), {"unit": personas.org.riga_east.pk})
    assert "Bob&#x27;s own" not in rita_filtered.content.decode()


# --- Query counts -------------------------------------------------------------------------------


def _add_tasks(personas, case):
    def build(n):
        for i in range(n):
            services.task_create(actor=personas.hanna, title=f"Task {i}", unit=personas.org.riga_centre,
                                 due_date=dt.date(2026, 1, 1) + dt.timedelta(days=i), case=case,
                                 assignee=personas.alice)
    return build


@pytest.mark.parametrize("name,persona", [("tasks:mine", "alice"), ("tasks:unit", "hanna"),
                                          ("tasks:overdue", "rita")])
def test_task_lists_constant_queries(personas, client_case, name, persona):
    client = client_for(getattr(personas, persona))
    assert_constant_queries(_add_tasks(personas, client_case), lambda: client.get(reverse(name), {"status": "all"}),
                            none_in_render=True)


def test_case_tasks_constant_queries(personas, client_case):
    client = client_for(personas.alice)
    assert_constant_queries(_add_tasks(personas, client_case),
                            lambda: client.get(reverse("tasks:case_tasks", args=[client_case.pk])),
                            none_in_render=True)


def test_inbox_constant_queries(personas):
    client = client_for(personas.bob)

    def build(n):
        for i in range(n):
            receive(personas, sender_reference=f"K-{i}", file=pdf())
    assert_constant_queries(build, lambda: client.get(reverse("tasks:inbox")))


def test_workload_constant_queries_and_weights(personas, client_case):
    from accounts.roles import Role
    from accounts.testing.personas import make_user

    client = client_for(personas.rita)
    counter = {"n": 0}

    def build(n):
        for _ in range(n):
            counter["n"] += 1
            officer = make_user(f"officer{counter['n']}", Role.OFFICER, unit=personas.org.riga_east)
            services.task_create(actor=personas.rita, title="t", unit=personas.org.riga_east,
                                 due_date=dt.date(2020, 1, 6), assignee=officer)
    assert_constant_queries(build, lambda: client.get(reverse("tasks:workload")))
    response = client.get(reverse("tasks:workload"), {"sort": "-weighted"})
    rows = [row for row, _counts in response.context["rows"]]
    assert rows[0].officer == personas.alice
    kind = client_case.sections.get().kind_def
    assert rows[0].sections == {kind.code: 1}
    assert rows[0].weighted == kind.workload_weight
    assert all(r.overdue_tasks == 1 for r in rows if r.officer.username.startswith("officer"))
    otto = client_for(personas.otto).get(reverse("tasks:workload"))
    assert {r.officer.username for r, _c in otto.context["rows"]} == {"carol", "otto"}


# --- Guided registration, end to end ------------------------------------------------------------


def test_new_inbox_item_form(personas):
    client = client_for(personas.alice)
    url = reverse("tasks:inbox_new")
    data = {"kind": "court_ruling", "sender": "Rīgas pilsētas tiesa", "sender_reference": "K30-7-26",
            "document_date": "2026-01-05", "routed_unit": personas.org.riga_centre.pk,
            "hint_first_name": "Anna", "hint_last_name": "Kalniņa"}
    bad = client.post(url, {**data, "file": pdf("x.exe")})
    assert bad.status_code == 422 and bad.context["form"].errors["file"]
    future = client.post(url, {**data, "document_date": "2999-01-01", "file": pdf()})
    assert future.status_code == 422 and future.context["form"].errors["document_date"]
    other_unit = client.post(url, {**data, "routed_unit": personas.org.liepaja.pk, "file": pdf()})
    assert other_unit.status_code == 422 and other_unit.context["form"].errors["routed_unit"]
    assert IncomingDocument.objects.count() == 0
    ok = client.post(url, {**data, "file": pdf()})
    assert ok.status_code == 302
    item = IncomingDocument.objects.get()
    assert item.channel == "ui" and item.created_by == personas.alice and item.file_name == "ruling.pdf"


def test_registration_flow_new_person(personas, item, section_kind):
    client = client_for(personas.alice)
    find = client.get(reverse("tasks:register_find", args=[item.pk]), {"q": "Kalniņa"})
    assert find.status_code == 200 and find.context["results"] == []
    url = reverse("tasks:register_details", args=[item.pk])
    form = client.get(url, {"new": "1"})
    assert form.context["person_form"].initial["last_name"] == "Kalniņa"
    data = {"new": "1", "version": item.version, "section_kind": section_kind, "basis_type": "court_ruling",
            "responsible_officer": personas.alice.pk, "person-personal_code": "32579461005",
            "person-first_name": "Anna", "person-last_name": "Kalniņa", "person-birth_date": "1990-02-03",
            "person-sex": "F", "person-declared_municipality": "LV-RIX"}
    bad = client.post(url, {**data, "person-personal_code": "32579461006"})
    assert bad.status_code == 422
    assert bad.context["person_form"].errors["personal_code"]
    assert Person.objects.count() == 0
    no_kind = client.post(url, {**data, "section_kind": ""})
    assert no_kind.status_code == 422 and no_kind.context["form"].errors["section_kind"]
    ok = client.post(url, data)
    assert ok.status_code == 302, ok.content[:500]
    item.refresh_from_db()
    assert item.status == "registered" and item.case.person.last_name == "Kalniņa"
    assert Task.objects.get(inbox_item=item).status == "done"
    again = client.get(reverse("tasks:register_find", args=[item.pk]))
    assert again.status_code == 302


def test_registration_flow_reuses_a_case_the_user_cannot_see_yet(personas, client_case, section_kind):
    item = receive(personas, actor=personas.carol, unit=personas.org.liepaja, hint_personal_code="161175-19997")
    client = client_for(personas.carol)
    find = client.get(reverse("tasks:register_find", args=[item.pk]))
    assert find.context["results"] == []  # Carol cannot see Alice's client
    match = find.context["code_match"]
    assert match.has_case and not match.visible and match.person_id is None
    body = find.content.decode()
    assert "Brīvības" not in body and client_case.registration_number not in body
    url = reverse("tasks:register_details", args=[item.pk])
    page = client.get(url, {"code": "161175-19997"})
    assert client_case.registration_number not in page.content.decode()
    ok = client.post(url, {"code": "161175-19997", "version": item.version, "section_kind": section_kind,
                           "basis_type": "court_ruling"})
    assert ok.status_code == 302
    assert Case.objects.count() == 1
    assert Section.objects.filter(case=client_case, kind=section_kind).exists()
    # A person id that the user cannot see is not accepted.
    other = receive(personas, actor=personas.carol, unit=personas.org.liepaja)
    assert client.get(reverse("tasks:register_details", args=[other.pk]),
                      {"person": client_case.person_id}).status_code == 404


def test_registration_flow_with_a_visible_client(personas, client_case, item):
    client = client_for(personas.alice)
    find = client.get(reverse("tasks:register_find", args=[item.pk]), {"q": "Bērziņš"})
    assert [p.pk for p in find.context["results"]] == [client_case.person_id]
    response = client.post(reverse("tasks:register_details", args=[item.pk]), {
        "person": client_case.person_id, "version": item.version, "section_kind": "programme",
        "basis_type": "court_ruling", "responsible_officer": personas.carol.pk})
    assert response.status_code == 422  # Carol is not an officer of the routed unit (not a choice)
    response = client.post(reverse("tasks:register_details", args=[item.pk]), {
        "person": client_case.person_id, "version": item.version, "section_kind": "programme",
        "basis_type": "court_ruling", "responsible_officer": personas.bob.pk})
    assert response.status_code == 302
    assert Section.objects.get(kind="programme").responsible_officer == personas.bob


def test_reject_from_the_page(personas, item):
    client = client_for(personas.bob)
    url = reverse("tasks:inbox_reject", args=[item.pk])
    bad = client.post(url, {"reason": "", "version": item.version})
    assert bad.status_code == 422 and bad.context["reject_form"].errors["reason"]
    assert client.post(url, {"reason": "Duplicate", "version": item.version}).status_code == 302
    item.refresh_from_db()
    assert item.status == "rejected"


def test_notifications_page_marks_read(personas):
    from tasks import jobs

    task = services.task_create(actor=personas.hanna, title="Report", unit=personas.org.riga_centre,
                                due_date=dt.date(2020, 1, 6), assignee=personas.alice)
    jobs.flag_overdue_tasks_now()
    client = client_for(personas.alice)
    page = client.get(reverse("tasks:notifications"))
    notes = list(page.context["page_obj"])
    assert [n.task_id for n in notes] == [task.pk]
    # Someone else's notification cannot be marked.
    hanna_note = Notification.objects.get(user=personas.hanna)
    client.post(reverse("tasks:notifications"), {"notification": [notes[0].pk, hanna_note.pk]})
    assert Notification.objects.get(pk=notes[0].pk).read_at is not None
    assert Notification.objects.get(pk=hanna_note.pk).read_at is None
    assert list(client.get(reverse("tasks:notifications")).context["page_obj"]) == []
    client_for(personas.hanna).post(reverse("tasks:notifications"), {"all": "1"})
    assert Notification.objects.unread().count() == 0
    # Each marking is in the change log, by whom and for which notification.
    from core.models import ChangeLog

    logged = ChangeLog.objects.filter(verb="notification_read").order_by("pk")
    assert [(c.actor_id, c.object_id) for c in logged] == [(personas.alice.pk, str(notes[0].pk)),
                                                          (personas.hanna.pk, str(hanna_note.pk))]


def test_own_scope_officer_sees_home_unit_inbox_and_queue_only(personas, item):
    from accounts.roles import Role, Scope
    from accounts.testing.personas import make_user

    olga = make_user("olga", Role.OFFICER, unit=personas.org.riga_centre, scope=Scope.OWN)
    services.task_create(actor=personas.hanna, title="Bob's own", unit=personas.org.riga_centre,
                         due_date=dt.date(2026, 1, 20), assignee=personas.bob)
    queue = Task.objects.get(inbox_item=item)
    assert list(IncomingDocument.objects.visible_to(olga)) == [item]
    assert list(Task.objects.visible_to(olga)) == [queue]
    client = client_for(olga)
    assert client.get(reverse("tasks:inbox_detail", args=[item.pk])).status_code == 200
    assert [t.pk for t in client.get(reverse("tasks:unit")).context["page_obj"]] == [queue.pk]


# --- Latvian wording: a status word agrees with its noun (msgid contexts) ---------------------------


def test_status_words_agree_with_their_noun_in_latvian(personas, client_case, item):
    """'registered' of an incoming document (dokuments, masculine) and 'open' of a task (uzdevums,
    masculine) are not the case file's or section's feminine forms; English is unchanged."""
    services.inbox_register(actor=personas.alice, item=item, expected_version=item.version,
                            section_kind="programme", person=client_case.person,
                            responsible_officer=personas.bob, basis_type="court_ruling")
    services.task_create(actor=personas.alice, title="Home visit", unit=personas.org.riga_centre,
                         due_date=dt.date(2099, 1, 20), case=client_case, assignee=personas.alice)
    client = client_for(personas.bob)
    inbox = client.get(reverse("tasks:inbox"), {"status": "all"}).content.decode()
    assert ">reģistrēts</strong>" in inbox and ">reģistrēta<" not in inbox
    assert '<option value="registered">reģistrēts</option>' in inbox
    tasks = client_for(personas.alice).get(reverse("tasks:mine")).content.decode()
    assert ">atvērts</strong>" in tasks and ">atvērta<" not in tasks
    assert ">Atlasīt</button>" in tasks
    client.cookies["django_language"] = "en"
    english = client.get(reverse("tasks:inbox"), {"status": "all"}).content.decode()
    assert ">registered</strong>" in english
