"""Links and menus lead somewhere (issue 9, item 16): the header search only for roles that may
search; a sortable column toggles between ascending and descending, never ``--key``."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from core.testing.checks import client_for

pytestmark = pytest.mark.django_db


def test_header_search_only_for_those_who_may_search(personas):
    search = reverse("search")
    for name in ("anna", "admin"):  # analyst, administrator: the search page is a 404 for them
        user = getattr(personas, name)
        client = client_for(user)
        assert client.get(search, {"q": "x"}).status_code == 404
        home = client.get("/", follow=True).content.decode()
        assert 'id="nav-search"' not in home and f'action="{search}"' not in home, name
    home = client_for(personas.alice).get("/", follow=True).content.decode()
    assert 'id="nav-search"' in home


@pytest.mark.parametrize("key", ["received", "-received"])
def test_sort_header_toggles_without_a_double_minus(key):
    template = Template('{% load core_tags %}{% sort_header key "Saņemts" %}')
    request = RequestFactory().get("/inbox/")  # the default order: newest first
    html = template.render(Context({"request": request, "default_sort": "-received", "key": key}))
    assert "sort=received" in html and "--received" not in html and 'aria-sort="descending"' in html
    request = RequestFactory().get("/inbox/", {"sort": "received"})  # oldest first
    html = template.render(Context({"request": request, "default_sort": "-received", "key": key}))
    assert "sort=-received" in html and "--received" not in html and 'aria-sort="ascending"' in html


def test_inbox_sorts_oldest_first(personas):
    import datetime as dt

    from django.utils import timezone

    from tasks.tests.factories import receive

    now = timezone.now()
    old = receive(personas, received_at=now - dt.timedelta(days=3), sender_reference="K30-0001-26")
    new = receive(personas, received_at=now - dt.timedelta(days=1), sender_reference="K30-0002-26")
    client = client_for(personas.alice)
    page = client.get(reverse("tasks:inbox")).content.decode()
    assert "sort=--received" not in page and "sort=received" in page
    assert [i.pk for i in client.get(reverse("tasks:inbox")).context["page_obj"]] == [new.pk, old.pk]
    oldest = client.get(reverse("tasks:inbox"), {"sort": "received"})
    assert [i.pk for i in oldest.context["page_obj"]] == [old.pk, new.pk]
    assert "sort=-received" in oldest.content.decode()


@pytest.mark.django_db
def test_no_client_file_tabs_for_a_role_that_cannot_read_the_file(personas, client_case):
    """The EM operator opens a client's monitoring page, which carries the client header: the file's
    own tabs (overview, timeline, notes) would answer 404, so they are not links there."""
    request = RequestFactory().get("/")
    template = Template("{% load client_file %}{% client_tabs case 'overview' %}")
    for user, shown in ((personas.emil, False), (personas.alice, True)):
        request.user = user
        html = template.render(Context({"request": request, "case": client_case}))
        assert (reverse("case_timeline", args=[client_case.pk]) in html) is shown, user.username


@pytest.mark.django_db
def test_the_instruments_page_links_the_override_report_only_to_who_may_open_it(personas):
    html = client_for(personas.admin).get(reverse("risk:instruments")).content.decode()
    assert reverse("risk:articles") in html
    assert reverse("risk:overrides") not in html
    assert client_for(personas.admin).get(reverse("risk:overrides")).status_code == 404
