"""The structural guard of fast pages: no query while a template renders (core.testing.checks)."""

from __future__ import annotations

import pytest
from django.template import engines

from accounts.models import User
from core.testing.checks import assert_no_queries_in_render, queries_in_render

pytestmark = pytest.mark.django_db

_TEMPLATE = "{% for u in users %}{{ u.username }}{% endfor %}"


def test_a_queryset_left_lazy_for_the_template_is_caught():
    User.objects.create(username="lazy")
    template = engines["django"].from_string(_TEMPLATE)
    with queries_in_render() as seen:
        assert template.render({"users": User.objects.all()}) == "lazy"
    assert len(seen) == 1 and "accounts_user" in seen[0]
    with pytest.raises(AssertionError, match="queries ran while the template rendered"):
        assert_no_queries_in_render(lambda: template.render({"users": User.objects.all()}))


def test_rows_evaluated_in_the_view_pass():
    User.objects.create(username="eager")
    template = engines["django"].from_string(_TEMPLATE)
    rows = [{"username": u.username} for u in User.objects.all()]
    assert assert_no_queries_in_render(lambda: template.render({"users": rows})) == "eager"
