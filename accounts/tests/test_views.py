"""Administration pages: access by persona, bad input beside the field, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import ApiToken, Grant, OrgUnit, User
from accounts.roles import Role
from core import policies
from core.models import PolicyOverride
from core.testing.checks import assert_constant_queries, assert_page_access, client_for

EVERYONE_BUT_ADMIN = ["alice", "bob", "carol", "hanna", "rita", "otto", "anna", "rolf", "emil", "vera", "walt",
                      "audrey", "noah"]
KEY = "cases.opening_deadline_working_days"


@pytest.fixture
def account(personas):
    return services.service_account_create(actor=personas.admin, username="dvs", name="DVS")


def _pages(personas, account):
    alice = personas.alice
    return [
        reverse("accounts:org"),
        reverse("accounts:org_create"),
        reverse("accounts:org_edit", args=[personas.org.riga_centre.pk]),
        reverse("accounts:org_deactivate", args=[personas.org.riga_east.pk]),
        reverse("accounts:users"),
        reverse("accounts:user_create"),
        reverse("accounts:user_detail", args=[alice.pk]),
        reverse("accounts:user_edit", args=[alice.pk]),
        reverse("accounts:user_password", args=[alice.pk]),
        reverse("accounts:user_deactivate", args=[alice.pk]),
        reverse("accounts:grant_add", args=[alice.pk]),
        reverse("accounts:service_accounts"),
        reverse("accounts:service_account_create"),
        reverse("accounts:user_detail", args=[account.pk]),
        reverse("accounts:token_create", args=[account.pk]),
        reverse("accounts:policies"),
        reverse("accounts:policy_edit", args=[KEY]),
    ]


def test_admin_pages_only_for_the_administrator(personas, account):
    for url in _pages(personas, account):
        assert_page_access(url, personas, allowed=["admin"], denied=EVERYONE_BUT_ADMIN)


def test_post_actions_only_for_the_administrator(personas, account):
    grant = personas.alice.grants.get()
    token, _raw = services.token_create(actor=personas.admin, account=account, name="t")
    for url in (reverse("accounts:grant_end", args=[personas.alice.pk, grant.pk]),
                reverse("accounts:token_revoke", args=[account.pk, token.pk])):
        assert_page_access(url, personas, allowed=[], denied=EVERYONE_BUT_ADMIN, method="post")
    grant.refresh_from_db()
    token.refresh_from_db()
    assert grant.valid_until is None and token.revoked_at is None


def test_missing_records_are_404(personas):
    c = client_for(personas.admin)
    assert c.get(reverse("accounts:user_detail", args=[99999])).status_code == 404
    assert c.get(reverse("accounts:org_edit", args=[99999])).status_code == 404
    assert c.get(reverse("accounts:policy_edit", args=["no.such.policy"])).status_code == 404
    # A staff user is not a service account: no token page.
    assert c.get(reverse("accounts:token_create", args=[personas.bob.pk])).status_code == 404


def test_my_account_for_every_signed_in_user(personas):
    url = reverse("accounts:me")
    assert_page_access(url, personas, allowed=list(personas.all()), denied=[])
    page = client_for(personas.hanna).get(url).content.decode()
    assert "Rīgas centra TSV" in page


def test_my_account_password_change(personas):
    c = client_for(personas.bob)
    url = reverse("accounts:me")
    bad = c.post(url, {"old_password": "wrong", "new_password": "Zils-kalns-4821", "new_password2": "Zils-kalns-4821"})
    assert bad.status_code == 200
    assert "govuk-error-summary" in bad.content.decode()
    assert bad.context["form"].errors["old_password"]
    weak = c.post(url, {"old_password": "Parole-123-abc", "new_password": "12345", "new_password2": "12345"})
    assert weak.context["form"].errors["new_password"]
    ok = c.post(url, {"old_password": "Parole-123-abc", "new_password": "Zils-kalns-4821",
                      "new_password2": "Zils-kalns-4821"})
    assert ok.status_code == 302
    assert User.objects.get(pk=personas.bob.pk).check_password("Zils-kalns-4821")
    assert c.get(url).status_code == 200  # still signed in


def test_org_tree_shows_units_and_municipalities(personas):
    page = client_for(personas.admin).get(reverse("accounts:org")).content.decode()
    for text in ("Centrālais aparāts", "Rīgas reģions", "Liepājas TSV", "Mārupes novads", "Liepāja"):
        assert text in page
    for url in ("accounts:users", "accounts:service_accounts", "accounts:policies"):  # the sub-navigation
        assert f'href="{reverse(url)}"' in page


def test_org_create_errors_beside_fields(personas):
    c = client_for(personas.admin)
    url = reverse("accounts:org_create")
    r = c.post(url, {"kind": "unit", "code": "RIGA-C", "name": "Dup", "parent": personas.org.riga_region.pk})
    assert r.status_code == 200
    assert r.context["form"].errors["code"]
    r = c.post(url, {"kind": "unit", "code": "NEW", "name": "Jauna", "parent": personas.org.riga_region.pk,
                     "municipalities": ["LV-LPX"]})
    assert "Liepājas TSV" in r.context["form"].errors["municipalities"][0]
    assert not OrgUnit.objects.filter(code="NEW").exists()
    r = c.post(url, {"kind": "unit", "code": "NEW", "name": "Jauna", "parent": personas.org.riga_region.pk,
                     "municipalities": ["LV-022"]})
    assert r.status_code == 302
    assert OrgUnit.objects.get(code="NEW").municipalities == ["LV-022"]


def test_org_edit_stale_version(personas):
    east = personas.org.riga_east
    c = client_for(personas.admin)
    url = reverse("accounts:org_edit", args=[east.pk])
    data = {"code": east.code, "name": "Renamed", "parent": east.parent_id, "municipalities": east.municipalities,
            "version": east.version}
    assert c.post(url, data).status_code == 302
    r = c.post(url, {**data, "name": "Stale"})
    assert r.status_code == 200
    assert r.context["form"].non_field_errors()
    east.refresh_from_db()
    assert east.name == "Renamed"


def test_org_deactivate_refused_with_staff(personas):
    centre = personas.org.riga_centre
    r = client_for(personas.admin).post(reverse("accounts:org_deactivate", args=[centre.pk]),
                                        {"version": centre.version})
    assert r.status_code == 200
    assert r.context["form"].non_field_errors()
    assert "govuk-error-summary" in r.content.decode()
    centre.refresh_from_db()
    assert centre.active


def test_user_create_and_weak_password(personas):
    c = client_for(personas.admin)
    url = reverse("accounts:user_create")
    base = {"username": "ilze", "first_name": "Ilze", "last_name": "Kalna", "preferred_language": "lv",
            "home_unit": personas.org.riga_centre.pk}
    r = c.post(url, {**base, "password1": "12345678", "password2": "12345678"})
    assert r.status_code == 200
    assert r.context["form"].errors["password1"]
    assert not User.objects.filter(username="ilze").exists()
    r = c.post(url, {**base, "password1": "Zils-kalns-4821", "password2": "Zils-kalns-4821"})
    assert r.status_code == 302
    assert User.objects.get(username="ilze").check_password("Zils-kalns-4821")


def test_grant_add_page_errors_and_success(personas):
    c = client_for(personas.admin)
    noah = personas.noah
    url = reverse("accounts:grant_add", args=[noah.pk])
    r = c.post(url, {"role": Role.UNIT_HEAD, "scope": "unit"})
    assert r.status_code == 200
    assert r.context["form"].errors["org_unit"]
    assert not Grant.objects.filter(user=noah).exists()
    r = c.post(url, {"role": Role.UNIT_HEAD, "scope": "unit", "org_unit": personas.org.riga_east.pk})
    assert r.status_code == 302
    grant = Grant.objects.get(user=noah)
    r = c.post(reverse("accounts:grant_end", args=[noah.pk, grant.pk]))
    assert r.status_code == 302
    grant.refresh_from_db()
    assert grant.valid_until is not None


def test_grant_page_for_deactivated_user(personas):
    User.objects.filter(pk=personas.noah.pk).update(is_active=False)
    r = client_for(personas.admin).post(reverse("accounts:grant_add", args=[personas.noah.pk]),
                                        {"role": Role.ANALYST})
    assert r.status_code == 200
    assert r.context["form"].non_field_errors()
    assert not Grant.objects.filter(user=personas.noah).exists()


def test_user_deactivate_stale_version(personas):
    bob = personas.bob
    c = client_for(personas.admin)
    url = reverse("accounts:user_deactivate", args=[bob.pk])
    r = c.post(url, {"version": bob.version + 5})
    assert r.status_code == 200 and r.context["form"].non_field_errors()
    assert User.objects.get(pk=bob.pk).is_active
    assert c.post(url, {"version": bob.version}).status_code == 302
    assert not User.objects.get(pk=bob.pk).is_active


def test_token_shown_once_and_revoke(personas, account):
    c = client_for(personas.admin)
    r = c.post(reverse("accounts:token_create", args=[account.pk]), {"name": "prod", "scopes": ["read"]})
    assert r.status_code == 200
    raw = r.context["raw"]
    assert raw in r.content.decode()
    assert "no-store" in r["Cache-Control"]
    token = ApiToken.objects.get()
    assert token.token_hash == ApiToken.hash(raw)
    detail = c.get(reverse("accounts:user_detail", args=[account.pk])).content.decode()
    assert raw not in detail and token.prefix in detail
    assert c.post(reverse("accounts:token_revoke", args=[account.pk, token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_form_unknown_scope(personas, account):
    r = client_for(personas.admin).post(reverse("accounts:token_create", args=[account.pk]),
                                        {"name": "prod", "scopes": []})
    assert r.status_code == 200 and r.context["form"].errors["scopes"]
    assert not ApiToken.objects.exists()


def test_policy_list_shows_every_policy(personas):
    page = client_for(personas.admin).get(reverse("accounts:policies")).content.decode()
    for p in policies.all_policies():
        assert p.key in page
    assert "cases.registration_number_format" in page


def test_policy_unit_and_source_read_in_the_page_language(personas):
    """A policy's unit, legal source and description are translated on the policies page; English
    switches them back. The value itself is never translated."""
    c = client_for(personas.admin)
    lv = c.get(reverse("accounts:policies")).content.decode()
    row = lv[lv.index('id="policy-files.upload_max_megabytes"'):]
    row = row[:row.index("</tr>")]
    assert "Dienesta prakse (noklusējums); dokumentu vadības sistēmas" in row
    assert "Lielākais fails" in row and "Service practice" not in row
    row = lv[lv.index(f'id="policy-{KEY}"'):]
    row = row[:row.index("</tr>")]
    assert ">darbdienas<" in row and "working days" not in row
    assert "Ministru kabineta noteikumi" in row
    edit = c.get(reverse("accounts:policy_edit", args=[KEY])).content.decode()
    assert "darbdienas" in edit and "Valsts probācijas dienesta likums" in edit
    c.cookies["django_language"] = "en"
    en = c.get(reverse("accounts:policies")).content.decode()
    row = en[en.index(f'id="policy-{KEY}"'):]
    assert ">working days<" in row[:row.index("</tr>")]


def test_admin_words_are_not_django_admin_wording(personas):
    """Django's own admin catalogue translates 'Close' (a window) and 'Filter' (a noun) differently;
    the org-unit link and the filter button have their own msgid contexts."""
    c = client_for(personas.admin)
    org = c.get(reverse("accounts:org")).content.decode()
    assert ">Slēgt<span" in org and "Aizvērt" not in org
    users = c.get(reverse("accounts:users")).content.decode()
    assert ">Atlasīt</button>" in users and "Filtrs" not in users


def test_policy_override_page(personas):
    c = client_for(personas.admin)
    url = reverse("accounts:policy_edit", args=[KEY])
    r = c.post(url, {"value": "3", "reason": "", "version": 0})
    assert r.status_code == 200 and r.context["form"].errors["reason"]
    r = c.post(url, {"value": "three", "reason": "Rīkojums", "version": 0})
    assert r.status_code == 200 and r.context["form"].errors["value"]
    assert not PolicyOverride.objects.exists()
    r = c.post(url, {"value": "3", "reason": "Rīkojums", "version": 0})
    assert r.status_code == 302
    assert policies.value(KEY) == 3
    r = c.post(url, {"value": "4", "reason": "Stale", "version": 0})
    assert r.status_code == 200 and r.context["form"].non_field_errors()
    assert policies.value(KEY) == 3
    reset = reverse("accounts:policy_reset", args=[KEY])
    assert c.post(reset, {"reason": "", "version": 1}).status_code == 200
    assert c.post(reset, {"reason": "Atpakaļ", "version": 1}).status_code == 302
    assert policies.value(KEY) == 2


def test_users_list_filters(personas):
    c = client_for(personas.admin)
    url = reverse("accounts:users")
    r = c.get(url, {"unit": personas.org.liepaja.pk})
    names = {u.username for u in r.context["page_obj"]}
    assert names == {"carol", "otto"}
    r = c.get(url, {"role": Role.UNIT_HEAD, "sort": "-username"})
    assert [u.username for u in r.context["page_obj"]] == ["otto", "hanna"]
    User.objects.filter(pk=personas.bob.pk).update(is_active=False)
    r = c.get(url, {"active": "no"})
    assert [u.username for u in r.context["page_obj"]] == ["bob"]


def test_users_list_query_count_is_constant(personas):
    c = client_for(personas.admin)
    unit = personas.org.riga_centre
    counter = {"n": 0}

    def build(n):
        for _ in range(n):
            counter["n"] += 1
            u = User.objects.create_user(username=f"u{counter['n']}", first_name="U", last_name=str(counter["n"]),
                                         home_unit=unit)
            Grant.objects.create(user=u, role=Role.OFFICER, scope="unit", org_unit=unit)
            Grant.objects.create(user=u, role=Role.MEDIATOR, scope="own")

    assert_constant_queries(build, lambda: c.get(reverse("accounts:users")))


def test_org_tree_query_count_is_constant(personas):
    c = client_for(personas.admin)
    counter = {"n": 0}

    def build(n):
        for _ in range(n):
            counter["n"] += 1
            region = OrgUnit.objects.create(code=f"R{counter['n']}", name=f"R{counter['n']}", kind="region",
                                            parent=personas.org.hq)
            OrgUnit.objects.create(code=f"U{counter['n']}", name=f"U{counter['n']}", kind="unit", parent=region)
            User.objects.create_user(username=f"s{counter['n']}", home_unit=region)

    assert_constant_queries(build, lambda: c.get(reverse("accounts:org")))


@pytest.mark.django_db
def test_the_lockout_page_is_a_page_in_latvian_that_says_for_how_long(personas, settings):
    from django.test import Client

    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": personas.alice.username, "password": "wrong"})
    response = client.post("/login/", {"username": personas.alice.username, "password": "wrong"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "govuk-heading-l" in html and "Pieteikšanās apturēta" in html
    assert "pēc 15 minūtēm" in html
