"""Two-step sign-in (TOTP): enrolment, the code step, forced enrolment by role, API sessions, reset."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services, twofactor
from accounts.policies import TWO_FACTOR_ROLES
from accounts.testing.personas import PASSWORD
from core import policies
from core.errors import Conflict, ValidationFailed
from core.models import ChangeLog
from core.testing.checks import assert_page_access, client_for

EVERYONE = ["alice", "bob", "carol", "hanna", "rita", "otto", "anna", "rolf", "emil", "vera", "walt", "admin",
            "audrey", "noah"]


def code(device: TOTPDevice, steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    good = {code(device, s) for s in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in good)


def enrol(user) -> TOTPDevice:
    device = twofactor.totp_enrol_start(user=user)
    return twofactor.totp_enrol_confirm(user=user, device=device, token=code(device))


def password_login(user) -> tuple[Client, object]:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD, "next": "/tasks/"})
    return client, response


@pytest.fixture
def require_admin_and_auditor(personas):
    services.policy_override(actor=personas.admin, key=TWO_FACTOR_ROLES.key, value='["administrator", "auditor"]',
                             reason="Security policy", expected_version=0)
    yield
    policies.forget(TWO_FACTOR_ROLES.key)


@pytest.fixture(autouse=True)
def _fresh_policy():
    policies.forget(TWO_FACTOR_ROLES.key)
    yield
    policies.forget(TWO_FACTOR_ROLES.key)


# --- Access ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_setup_page_is_for_every_signed_in_person(personas):
    assert_page_access(reverse("accounts:otp_setup"), personas, allowed=EVERYONE, denied=[])


@pytest.mark.django_db
def test_reset_page_is_for_user_managers_only(personas):
    target = services.user_create(actor=personas.admin, username="newbie", first_name="New", last_name="Bie",
                                  password=PASSWORD)
    enrol(target)
    url = reverse("accounts:otp_reset", args=[target.pk])
    assert_page_access(url, personas, allowed=["admin"], denied=[n for n in EVERYONE if n != "admin"])


@pytest.mark.django_db
def test_code_step_sends_anonymous_to_sign_in_and_others_on(personas):
    url = reverse("accounts:otp_verify")
    anon = Client().get(url)
    assert anon.status_code == 302 and "/login/" in anon["Location"]
    # Signed in without a device: nothing to verify, go on.
    response = client_for(personas.bob).get(url + "?next=/tasks/")
    assert response.status_code == 302 and response["Location"] == "/tasks/"


@pytest.mark.django_db
def test_disable_needs_post(personas):
    assert client_for(personas.alice).get(reverse("accounts:otp_disable")).status_code == 405


# --- Enrolment ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_enrolment_shows_svg_qr_and_secret_and_confirms_with_a_code(personas):
    alice = personas.alice
    client = client_for(alice)
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<img" not in html.split("<svg")[1].split("</svg>")[0]
    device = TOTPDevice.objects.get(user=alice)
    assert not device.confirmed
    assert twofactor.secret_base32(device) in html
    assert device.key not in html  # only the base32 form, never the stored hex key
    # Reloading keeps the same pending secret.
    client.get(reverse("accounts:otp_setup"))
    assert TOTPDevice.objects.filter(user=alice).count() == 1

    response = client.post(reverse("accounts:otp_setup"), {"token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    # The enrolling session is verified: pages open without the code step.
    assert client.get(reverse("accounts:me")).status_code == 200
    logs = ChangeLog.objects.filter(verb__in=["totp_enrol_start", "totp_enrol_confirm"]).order_by("pk")
    assert [c.verb for c in logs] == ["totp_enrol_start", "totp_enrol_confirm"]
    for entry in logs:
        assert "key" not in (entry.after or {}) and "key" not in (entry.before or {})
        assert device.key not in str(entry.after) + str(entry.before)


@pytest.mark.django_db
def test_enrolment_with_a_wrong_code_shows_the_error_beside_the_field(personas):
    alice = personas.alice
    client = client_for(alice)
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=alice)
    response = client.post(reverse("accounts:otp_setup"), {"token": wrong_code(device)})
    assert response.status_code == 200
    assert 'id="id_token-error"' in response.content.decode() or "govuk-error-message" in response.content.decode()
    assert response.context["form"].errors["token"]
    device.refresh_from_db()
    assert not device.confirmed
    assert device.throttling_failure_count == 1
    assert not ChangeLog.objects.filter(verb="totp_enrol_confirm").exists()
    empty = client.post(reverse("accounts:otp_setup"), {"token": ""})
    assert empty.context["form"].errors["token"]


@pytest.mark.django_db
def test_service_errors_carry_codes(personas):
    alice = personas.alice
    device = twofactor.totp_enrol_start(user=alice)
    with pytest.raises(ValidationFailed) as exc:
        twofactor.totp_enrol_confirm(user=alice, device=device, token="")
    assert (exc.value.code, exc.value.field) == ("otp_required", "token")
    for _attempt in range(settings.OTP_FREE_ATTEMPTS):
        with pytest.raises(ValidationFailed) as exc:
            twofactor.totp_enrol_confirm(user=alice, device=device, token=wrong_code(device))
    assert exc.value.field == "token"
    # After the free attempts, right away again: django-otp's throttling refuses even a right code.
    with pytest.raises(ValidationFailed) as exc:
        twofactor.totp_enrol_confirm(user=alice, device=device, token=code(device))
    assert exc.value.code == "otp_throttled"
    with pytest.raises(Conflict) as conflict:
        twofactor.totp_verify(user=personas.bob, token="123456")
    assert conflict.value.code == "otp_no_device"


# --- Sign-in --------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_sign_in_without_a_device_needs_no_code(personas):
    client, response = password_login(personas.bob)
    assert response.status_code == 302 and response["Location"] == "/tasks/"
    assert client.get(reverse("accounts:me")).status_code == 200


@pytest.mark.django_db
def test_sign_in_with_a_device_asks_for_the_code(personas):
    alice = personas.alice
    device = enrol(alice)
    client, response = password_login(alice)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    # Every page (and "my account") sends the unverified session to the code step.
    me = client.get(reverse("accounts:me"))
    assert me.status_code == 302 and me["Location"].startswith(reverse("accounts:otp_verify"))
    step = client.get(response["Location"])
    assert step.status_code == 200 and step.context["form"].fields["token"]

    wrong = client.post(reverse("accounts:otp_verify"), {"token": wrong_code(device), "next": "/tasks/"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["token"]
    assert client.get(reverse("accounts:me")).status_code == 302

    # One typo does not lock anyone out: the right code, typed at once, is let in.
    ok = client.post(reverse("accounts:otp_verify"), {"token": code(device, 1), "next": "/tasks/"})
    assert ok.status_code == 302 and ok["Location"] == "/tasks/"
    assert client.get(reverse("accounts:me")).status_code == 200


@pytest.mark.django_db
def test_code_step_refuses_an_outside_next(personas):
    alice = personas.alice
    device = enrol(alice)
    client, _ = password_login(alice)
    ok = client.post(reverse("accounts:otp_verify"), {"token": code(device, 1), "next": "https://evil.example/"})
    assert ok.status_code == 302 and ok["Location"] == "/"


@pytest.mark.django_db
def test_repeated_wrong_codes_are_throttled_with_a_message(personas):
    alice = personas.alice
    device = enrol(alice)
    client, _ = password_login(alice)
    bad = wrong_code(device)
    for _attempt in range(settings.OTP_FREE_ATTEMPTS - 1):
        wrong = client.post(reverse("accounts:otp_verify"), {"token": bad})
        assert not any("Too many wrong codes" in e or "Pārāk daudz" in e for e in wrong.context["form"].errors["token"])
    second = client.post(reverse("accounts:otp_verify"), {"token": bad})
    errors = second.context["form"].errors["token"]
    assert any("Too many wrong codes" in e or "Pārāk daudz" in e for e in errors)
    # Even the right code is refused while throttled.
    third = client.post(reverse("accounts:otp_verify"), {"token": code(device, 1)})
    assert third.status_code == 200
    assert client.get(reverse("accounts:me")).status_code == 302


# --- Roles that must use two steps ------------------------------------------------------------------

@pytest.mark.django_db
def test_default_policy_forces_nobody(personas):
    assert TWO_FACTOR_ROLES.default == []
    assert client_for(personas.admin).get(reverse("accounts:users")).status_code == 200


@pytest.mark.django_db
def test_a_role_that_requires_two_steps_is_sent_to_enrol(personas, require_admin_and_auditor):
    admin = personas.admin
    client = client_for(admin)
    response = client.get(reverse("accounts:users"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
    assert client_for(personas.audrey).get(reverse("accounts:me")).status_code == 302
    # Others are not forced.
    assert client_for(personas.alice).get(reverse("accounts:me")).status_code == 200
    # The set-up page itself opens, and after enrolment the user goes on.
    setup = client.get(response["Location"])
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user=admin)
    done = client.post(response["Location"], {"token": code(device), "next": reverse("accounts:users")})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:users")
    assert client.get(reverse("accounts:users")).status_code == 200
    # Turning off is refused for this role.
    off = client.post(reverse("accounts:otp_disable"))
    assert off.status_code == 302
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    with pytest.raises(Conflict) as exc:
        twofactor.totp_disable(user=admin)
    assert exc.value.code == "otp_required_by_role"


@pytest.mark.django_db
def test_login_of_a_required_role_goes_to_enrolment(personas, require_admin_and_auditor):
    client, response = password_login(personas.audrey)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))


@pytest.mark.django_db
def test_turn_off_when_allowed(personas):
    alice = personas.alice
    enrol(alice)
    client, _ = password_login(alice)
    device = TOTPDevice.objects.get(user=alice)
    client.post(reverse("accounts:otp_verify"), {"token": code(device, 1)})
    response = client.post(reverse("accounts:otp_disable"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert ChangeLog.objects.filter(verb="totp_disable", actor=alice).count() == 1
    assert client.get(reverse("accounts:me")).status_code == 200


# --- API sessions ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_api_session_is_401_until_the_code_is_given(personas):
    alice = personas.alice
    device = enrol(alice)
    client, _ = password_login(alice)
    response = client.get("/api/org/units")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    client.post(reverse("accounts:otp_verify"), {"token": code(device, 1)})
    assert client.get("/api/org/units").status_code == 200


@pytest.mark.django_db
def test_api_session_of_a_required_role_without_device_is_401(personas, require_admin_and_auditor):
    assert client_for(personas.audrey).get("/api/org/units").status_code == 401
    assert client_for(personas.alice).get("/api/org/units").status_code == 200


@pytest.mark.django_db
def test_bearer_tokens_are_unaffected(personas, require_admin_and_auditor):
    account = services.service_account_create(actor=personas.admin, username="dvs", name="DVS")
    _, raw = services.token_create(actor=personas.admin, account=account, name="t", scopes=None)
    # The token is accepted (not 401) while two-step sign-in is required of roles: its account reads itself.
    response = Client().get("/api/org/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200, response.content
    assert response.json()["username"] == "dvs" and response.json()["token_scopes"]


# --- Administrator reset ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_admin_resets_a_lost_device(personas):
    alice = personas.alice
    enrol(alice)
    detail = client_for(personas.admin).get(reverse("accounts:user_detail", args=[alice.pk]))
    assert reverse("accounts:otp_reset", args=[alice.pk]) in detail.content.decode()
    response = client_for(personas.admin).post(reverse("accounts:otp_reset", args=[alice.pk]), {})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists()
    entry = ChangeLog.objects.get(verb="totp_reset")
    assert entry.actor == personas.admin and entry.action == ChangeLog.Action.DELETE
    assert "key" not in (entry.before or {})
    # Alice signs in with the password alone again.
    _, login = password_login(alice)
    assert login["Location"] == "/tasks/"
    # Nothing left to reset: the error shows, nothing changes.
    again = client_for(personas.admin).post(reverse("accounts:otp_reset", args=[alice.pk]), {})
    assert again.status_code == 200
    assert ChangeLog.objects.filter(verb="totp_reset").count() == 1
