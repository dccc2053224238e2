"""Backup codes for two-step sign-in (django-otp's otp_static): shown once at enrolment, accepted once at
the code step instead of the app's code, regenerated (old ones refused), removed with the device."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services, twofactor
from accounts.tests.test_twofactor import EVERYONE, code, enrol, password_login
from core.errors import Conflict, ValidationFailed
from core.models import ChangeLog
from core.testing.checks import assert_page_access, client_for

CODE_RE = re.compile(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>")


def codes_on(response) -> list[str]:
    return CODE_RE.findall(response.content.decode())


def unthrottle(user) -> None:
    """A test signs in several times within seconds; django-otp would (rightly) make it wait."""
    StaticDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def enrol_through_the_page(user) -> tuple[Client, list[str]]:
    client = client_for(user)
    page = client.get(reverse("accounts:otp_setup"))
    shown = codes_on(page)
    device = TOTPDevice.objects.get(user=user)
    done = client.post(reverse("accounts:otp_setup"), {"token": code(device)})
    assert done.status_code == 302
    return client, shown


def verify(client: Client, token: str, next_url: str = "/tasks/"):
    return client.post(reverse("accounts:otp_verify"), {"token": token, "next": next_url})


# --- Enrolment: ten codes, shown once -------------------------------------------------------------

@pytest.mark.django_db
def test_enrolment_page_shows_ten_codes_that_become_active_on_confirm(personas):
    alice = personas.alice
    client = client_for(alice)
    page = client.get(reverse("accounts:otp_setup"))
    assert "no-store" in page["Cache-Control"]
    shown = codes_on(page)
    assert len(shown) == twofactor.BACKUP_CODE_COUNT == 10 and len(set(shown)) == 10
    # A reload while pending shows the same codes; nothing is stored before the device is confirmed.
    assert codes_on(client.get(reverse("accounts:otp_setup"))) == shown
    assert not StaticDevice.objects.filter(user=alice).exists()

    device = TOTPDevice.objects.get(user=alice)
    assert client.post(reverse("accounts:otp_setup"), {"token": code(device)}).status_code == 302
    backup = StaticDevice.objects.get(user=alice)
    assert backup.confirmed and backup.token_set.count() == 10
    # Stored as keyed hashes, never in clear.
    stored = set(backup.token_set.values_list("token", flat=True))
    assert not stored & {c.replace("-", "") for c in shown}
    # Shown once: the page of a user with two-step sign-in on never shows them again.
    after = client.get(reverse("accounts:otp_setup"))
    assert after.status_code == 200 and codes_on(after) == []
    assert "10" in after.content.decode()
    entry = ChangeLog.objects.get(verb="backup_codes_generate")
    assert entry.actor == alice and entry.after["codes"] == 10
    for c in shown:
        assert c.replace("-", "") not in str(entry.after) and twofactor._code_hash(c) not in str(entry.after)


@pytest.mark.django_db
def test_wrong_confirm_code_keeps_the_same_codes_on_the_page(personas):
    alice = personas.alice
    client = client_for(alice)
    shown = codes_on(client.get(reverse("accounts:otp_setup")))
    again = client.post(reverse("accounts:otp_setup"), {"token": "000000"})
    assert again.status_code == 200 and codes_on(again) == shown
    assert not StaticDevice.objects.filter(user=alice).exists()


# --- Sign-in with a backup code ------------------------------------------------------------------

@pytest.mark.django_db
def test_sign_in_with_a_backup_code_uses_it_up(personas):
    alice = personas.alice
    _, shown = enrol_through_the_page(alice)
    client, login = password_login(alice)
    assert login["Location"].startswith(reverse("accounts:otp_verify"))
    # The API session follows the same rule: 401 until the second step.
    assert client.get("/api/org/units").status_code == 401

    ok = verify(client, shown[0].upper().replace("-", " "))  # case, spaces and hyphens do not matter
    assert ok.status_code == 302 and ok["Location"] == "/tasks/"
    assert client.get(reverse("accounts:me")).status_code == 200
    assert client.get("/api/org/units").status_code == 200
    assert twofactor.backup_codes_left(alice) == 9
    told = [str(m) for m in get_messages(ok.wsgi_request)]
    assert any("9" in m for m in told), told
    use = ChangeLog.objects.get(verb="backup_code_use")
    assert use.actor == alice and use.before["codes"] == 10 and use.after["codes"] == 9

    # The same code is refused the second time, beside the field; the session stays unverified.
    unthrottle(alice)
    second, _ = password_login(alice)
    refused = verify(second, shown[0])
    assert refused.status_code == 200
    errors = refused.context["form"].errors["token"]
    assert errors and ("used" in " ".join(errors) or "izmantots" in " ".join(errors))
    assert second.get(reverse("accounts:me")).status_code == 302
    assert second.get("/api/org/units").status_code == 401
    # Another code still works.
    unthrottle(alice)
    assert verify(second, shown[1])["Location"] == "/tasks/"
    assert twofactor.backup_codes_left(alice) == 8


@pytest.mark.django_db
def test_the_app_code_still_works_beside_backup_codes(personas):
    alice = personas.alice
    enrol_through_the_page(alice)
    client, _ = password_login(alice)
    device = TOTPDevice.objects.get(user=alice)
    assert verify(client, code(device, 1))["Location"] == "/tasks/"
    assert twofactor.backup_codes_left(alice) == 10


@pytest.mark.django_db
def test_wrong_backup_codes_are_throttled(personas):
    alice = personas.alice
    _, shown = enrol_through_the_page(alice)
    client, _ = password_login(alice)
    for attempt in range(settings.OTP_FREE_ATTEMPTS - 1):
        verify(client, f"aaaa-aaa{attempt}")
    second = verify(client, "bbbb-bbbb")
    assert any("Too many wrong codes" in e or "Pārāk daudz" in e for e in second.context["form"].errors["token"])
    # Even a right code is refused while throttled, and it is not used up.
    third = verify(client, shown[0])
    assert third.status_code == 200
    assert twofactor.backup_codes_left(alice) == 10


@pytest.mark.django_db
def test_service_checks(personas):
    alice = personas.alice
    with pytest.raises(Conflict) as exc:
        twofactor.backup_codes_generate(user=alice)
    assert exc.value.code == "otp_no_device"
    enrol(alice)  # through the service: no codes shown, so none made
    assert twofactor.backup_device(alice) is None
    codes = twofactor.backup_codes_generate(user=alice)
    assert twofactor.totp_verify(user=alice, token=codes[0]) == twofactor.backup_device(alice)
    with pytest.raises(ValidationFailed) as wrong:
        twofactor.totp_verify(user=alice, token=codes[0])
    assert (wrong.value.code, wrong.value.field) == ("otp_invalid", "token")


# --- Regenerate ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_regenerate_shows_new_codes_once_and_old_ones_stop_working(personas):
    alice = personas.alice
    client, old = enrol_through_the_page(alice)
    url = reverse("accounts:otp_backup_codes")
    page = client.get(url)
    assert page.status_code == 200 and codes_on(page) == []
    created = client.post(url)
    assert created.status_code == 200 and "no-store" in created["Cache-Control"]
    new = codes_on(created)
    assert len(new) == 10 and not set(new) & set(old)
    assert twofactor.backup_codes_left(alice) == 10
    assert StaticDevice.objects.filter(user=alice).count() == 1
    entries = list(ChangeLog.objects.filter(verb="backup_codes_generate").order_by("pk"))
    assert len(entries) == 2 and entries[1].after["old_codes_revoked"] == 10
    assert codes_on(client.get(url)) == []  # not shown again

    signin, _ = password_login(alice)
    refused = verify(signin, old[0])
    assert refused.status_code == 200 and refused.context["form"].errors["token"]
    unthrottle(alice)
    assert verify(signin, new[0])["Location"] == "/tasks/"


@pytest.mark.django_db
def test_regenerate_needs_post_with_csrf_and_a_device(personas):
    bob = personas.bob
    # Without two-step sign-in there is nothing to regenerate: the page sends to set-up, POST changes nothing.
    response = client_for(bob).post(reverse("accounts:otp_backup_codes"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:otp_setup")
    assert not StaticToken.objects.exists()
    enrol(bob)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(bob)
    assert strict.post(reverse("accounts:otp_backup_codes")).status_code == 403
    assert not StaticToken.objects.exists()


# --- Access -------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_backup_codes_page_access(personas):
    url = reverse("accounts:otp_backup_codes")
    # Everyone signed in reaches it; without two-step sign-in it sends them to set it up.
    assert_page_access(url, personas, allowed=EVERYONE, denied=[], ok_status=(302,))
    client, _ = enrol_through_the_page(personas.alice)  # the enrolling session is verified
    assert client.get(url).status_code == 200
    # A session that has not passed the code step is sent to it first.
    client, _ = password_login(personas.alice)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_verify"))


@pytest.mark.django_db
def test_service_accounts_get_404(personas):
    account = services.service_account_create(actor=personas.admin, username="dvs", name="DVS")
    assert client_for(account).get(reverse("accounts:otp_backup_codes")).status_code == 404


# --- Turning off and the administrator's reset remove the codes ----------------------------------------

@pytest.mark.django_db
def test_admin_reset_removes_the_backup_codes(personas):
    alice = personas.alice
    _, shown = enrol_through_the_page(alice)
    response = client_for(personas.admin).post(reverse("accounts:otp_reset", args=[alice.pk]), {})
    assert response.status_code == 302
    assert not StaticDevice.objects.filter(user=alice).exists() and not StaticToken.objects.exists()
    entry = ChangeLog.objects.get(verb="backup_codes_delete")
    assert entry.actor == personas.admin and entry.before["codes"] == 10
    # Without a device there is no code step, and a backup code is no way in.
    _, login = password_login(alice)
    assert login["Location"] == "/tasks/"
    with pytest.raises(Conflict):
        twofactor.totp_verify(user=alice, token=shown[0])


@pytest.mark.django_db
def test_turning_off_removes_the_backup_codes(personas):
    alice = personas.alice
    client, _ = enrol_through_the_page(alice)
    assert client.post(reverse("accounts:otp_disable")).status_code == 302
    assert not StaticDevice.objects.filter(user=alice).exists()
    assert ChangeLog.objects.filter(verb="backup_codes_delete", actor=alice).count() == 1
