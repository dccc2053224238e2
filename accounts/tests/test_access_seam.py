"""Persona access and query counts of the account pages that had none (tests/test_seam.py asks for one
per page and per list)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services, twofactor
from core import policies
from core.models import PolicyOverride
from core.testing.checks import assert_constant_queries, assert_page_access, client_for

pytestmark = pytest.mark.django_db

EVERYONE_BUT_ADMIN = ["alice", "bob", "carol", "hanna", "rita", "otto", "anna", "rolf", "emil", "vera", "walt",
                      "audrey", "noah"]
KEY = "cases.opening_deadline_working_days"


def test_policy_reset_only_for_the_administrator(personas):
    services.policy_override(actor=personas.admin, key=KEY, value="3", reason="Trial", expected_version=0)
    url = reverse("accounts:policy_reset", args=[KEY])
    assert_page_access(url, personas, allowed=["admin"], denied=EVERYONE_BUT_ADMIN)
    data = {"reason": "Back to the law", "version": 1}
    assert_page_access(url, personas, allowed=[], denied=EVERYONE_BUT_ADMIN, method="post", data=data)
    assert policies.value(KEY) == 3
    assert client_for(personas.admin).post(url, data).status_code == 302
    assert not PolicyOverride.objects.filter(key=KEY).exists()


def test_turning_two_step_sign_in_off_is_each_users_own(personas):
    """Every signed-in user may post it, for themselves (there is no user in the URL); a session that
    has not given its code yet is sent to the code step and turns nothing off."""
    url = reverse("accounts:otp_disable")
    assert_page_access(url, personas, allowed=list(personas.all()), denied=[], method="post", ok_status=(302,))
    assert client_for(personas.alice).post(url)["Location"] == reverse("accounts:otp_setup")
    assert client_for(personas.alice).get(url).status_code == 405  # a button, not a page
    device = twofactor.totp_enrol_start(user=personas.bob)
    device.confirmed = True
    device.save()
    response = client_for(personas.bob).post(url)
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    assert TOTPDevice.objects.filter(user=personas.bob).exists()


def test_service_account_list_query_count_is_constant(personas):
    c = client_for(personas.admin)
    counter = {"n": 0}

    def build(n):
        for _ in range(n):
            counter["n"] += 1
            account = services.service_account_create(actor=personas.admin, username=f"sys{counter['n']}",
                                                      name=f"Sistēma {counter['n']}")
            services.token_create(actor=personas.admin, account=account, name="t")

    assert_constant_queries(build, lambda: c.get(reverse("accounts:service_accounts")))
