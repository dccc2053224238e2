"""Policy values are checked against their declared kind and range, and structured policies are
edited with proper fields (issue 9, item 10)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from accounts import services
from core import policies
from core.errors import ValidationFailed
from core.models import PolicyOverride
from core.testing.checks import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["25", "0", "24,5"])
def test_daily_hours_cap_is_bounded(personas, value):
    with pytest.raises(ValidationFailed) as err:
        services.policy_override(actor=personas.admin, key="community.daily_hours_cap", value=value, reason="r")
    assert err.value.field == "value"
    assert err.value.code in {"policy_value_range", "policy_value_type"}
    assert not PolicyOverride.objects.exists()
    assert policies.value("community.daily_hours_cap") == 8


def test_daily_hours_cap_in_range(personas):
    services.policy_override(actor=personas.admin, key="community.daily_hours_cap", value="6", reason="r")
    assert policies.value("community.daily_hours_cap") == 6


def test_two_factor_roles_must_exist(personas):
    key = "accounts.two_factor_roles"
    with pytest.raises(ValidationFailed) as err:
        services.policy_override(actor=personas.admin, key=key, value='["administrator", "wizard"]', reason="r")
    assert err.value.code == "policy_value_choice" and "wizard" in err.value.message
    services.policy_override(actor=personas.admin, key=key, value=["auditor", "administrator", "auditor"],
                             reason="r")
    assert policies.value(key) == ["administrator", "auditor"]


def test_range_must_be_ordered(personas):
    with pytest.raises(ValidationFailed) as err:
        services.policy_override(actor=personas.admin, key="community.hours.court_sentence", value=[300, 40],
                                 reason="r")
    assert err.value.code == "policy_value_order"


def test_table_keys_and_values_checked(personas):
    with pytest.raises(ValidationFailed) as err:
        services.policy_override(actor=personas.admin, key="supervision.contacts_per_month",
                                 value={"low": 1, "medium": 2}, reason="r")
    assert err.value.code == "policy_value_required"
    with pytest.raises(ValidationFailed) as err:
        services.policy_override(actor=personas.admin, key="community.minimum_monthly_wage",
                                 value={"next year": "800"}, reason="r")
    assert err.value.code == "policy_value_key"
    with pytest.raises(ValidationFailed):
        services.policy_override(actor=personas.admin, key="tasks.workload_weights",
                                 value={"no_such_kind": 2}, reason="r")


def test_decimals_are_exact(personas):
    services.policy_override(actor=personas.admin, key="community.early_release_min_share_served",
                             value="0,2", reason="r")
    assert policies.value("community.early_release_min_share_served") == 0.2
    assert PolicyOverride.objects.get().value == 0.2


def _form_data(html: str) -> dict[str, Any]:
    """What a browser would send for the form as shown: every input's value, checked boxes."""
    data: dict[str, Any] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or "csrf" in name.group(1):
            continue
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if kind and kind.group(1) in ("checkbox", "radio") and " checked" not in tag:
            continue
        if kind and kind.group(1) == "checkbox":
            data.setdefault(name.group(1), []).append(value.group(1) if value else "on")
        else:
            data[name.group(1)] = value.group(1) if value else ""
    return data


@pytest.mark.parametrize("key", ["tasks.workload_weights", "supervision.contacts_per_month",
                                 "community.minimum_monthly_wage", "community.hours.court_sentence",
                                 "accounts.two_factor_roles", "community.daily_hours_cap"])
def test_structured_policy_saved_unchanged(personas, key):
    c = client_for(personas.admin)
    url = reverse("accounts:policy_edit", args=[key])
    before = policies.value(key)
    html = c.get(url).content.decode()
    assert "{&#x27;" not in html and "[&#x27;" not in html  # no Python repr shown
    data = _form_data(html)
    data["reason"] = "Pārbaude"
    r = c.post(url, data)
    assert r.status_code == 302, r.context["form"].errors
    assert policies.value(key) == before


def test_table_edited_by_row(personas):
    c = client_for(personas.admin)
    url = reverse("accounts:policy_edit", args=["community.minimum_monthly_wage"])
    data = _form_data(c.get(url).content.decode())
    data.update({"new_key_0": "2027", "new_value_0": "812,50", "reason": "MK noteikumi"})
    assert c.post(url, data).status_code == 302
    assert policies.value("community.minimum_monthly_wage")["2027"] == "812.50"
    url = reverse("accounts:policy_edit", args=["community.daily_hours_cap"])
    r = c.post(url, {"value": "25", "reason": "x", "version": 0})
    assert r.status_code == 200 and "24" in str(r.context["form"].errors["value"])
    url = reverse("accounts:policy_edit", args=["tasks.workload_weights"])
    data = _form_data(c.get(url).content.decode())
    data.update({"row_0": "2,5", "reason": "x"})
    assert c.post(url, data).status_code == 302
    assert list(policies.value("tasks.workload_weights").values()) == [2.5]


def test_policies_listed_by_name(personas):
    html = client_for(personas.admin).get(reverse("accounts:policies")).content.decode()
    row = html[html.index('id="policy-community.daily_hours_cap"'):]
    row = row[:row.index("</tr>")]
    link = re.search(r'<a class="govuk-link"[^>]*>([^<]+)</a>', row)
    assert link and "community.daily_hours_cap" not in link.group(1)
    assert row.index(link.group(1)) < row.index("community.daily_hours_cap</code>")
