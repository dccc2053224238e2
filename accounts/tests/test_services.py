"""Service rules: organisation, users, grants, tokens and policy overrides."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts import services
from accounts.models import ApiToken, Grant, OrgUnit, User
from accounts.roles import Role, Scope
from core import access, policies
from core.errors import ConcurrentEdit, Conflict, ValidationFailed
from core.models import ChangeLog, PolicyOverride

STRONG = "Zils-kalns-4821"


# --- Organisation -----------------------------------------------------------------------------

def test_orgunit_create_unit_is_audited(personas):
    unit = services.orgunit_create(actor=personas.admin, code="cesis", name="Cēsu TSV", kind="unit",
                                   parent=personas.org.riga_region, municipalities=["LV-022"])
    assert unit.code == "CESIS"
    assert unit.municipalities == ["LV-022"]
    log = ChangeLog.objects.get(verb="orgunit_create", object_id=str(unit.pk))
    assert log.actor == personas.admin
    assert log.after["code"] == "CESIS"


def test_duplicate_unit_code_refused(personas):
    with pytest.raises(Conflict) as err:
        services.orgunit_create(actor=personas.admin, code="riga-c", name="Dup", kind="unit",
                                parent=personas.org.riga_region)
    assert err.value.code == "code_taken"
    assert err.value.field == "code"
    assert not OrgUnit.objects.filter(name="Dup").exists()


def test_municipality_already_covered_names_the_unit(personas):
    with pytest.raises(Conflict) as err:
        services.orgunit_create(actor=personas.admin, code="NEW", name="Jauna TSV", kind="unit",
                                parent=personas.org.riga_region, municipalities=["LV-022", "LV-RIX"])
    assert err.value.code == "municipality_covered"
    assert err.value.field == "municipalities"
    assert "Rīgas centra TSV" in err.value.message
    assert not OrgUnit.objects.filter(code="NEW").exists()


def test_municipality_of_a_closed_unit_may_be_reused(personas):
    east = personas.org.riga_east
    services.orgunit_deactivate(actor=personas.admin, unit=east, expected_version=east.version)
    unit = services.orgunit_create(actor=personas.admin, code="NEW", name="Jauna TSV", kind="unit",
                                   parent=personas.org.riga_region, municipalities=["LV-062"])
    assert unit.municipalities == ["LV-062"]


def test_unknown_municipality_refused(personas):
    with pytest.raises(ValidationFailed) as err:
        services.orgunit_create(actor=personas.admin, code="NEW", name="X", kind="unit",
                                parent=personas.org.riga_region, municipalities=["LV-999"])
    assert err.value.code == "municipality_unknown"


@pytest.mark.parametrize("kind,parent_attr", [("unit", "hq"), ("unit", "riga_centre"), ("region", "riga_region"),
                                              ("unit", None), ("region", None)])
def test_parent_must_be_the_level_above(personas, kind, parent_attr):
    parent = getattr(personas.org, parent_attr) if parent_attr else None
    with pytest.raises(ValidationFailed) as err:
        services.orgunit_create(actor=personas.admin, code="NEW", name="X", kind=kind, parent=parent)
    assert err.value.code == "parent_kind"
    assert err.value.field == "parent"


def test_update_checks_version_and_rules(personas):
    east = personas.org.riga_east
    updated = services.orgunit_update(actor=personas.admin, unit=east, expected_version=1, name="Rīgas A TSV",
                                      municipalities=["LV-062"])
    assert updated.version == 2 and updated.municipalities == ["LV-062"]
    with pytest.raises(ConcurrentEdit):
        services.orgunit_update(actor=personas.admin, unit=east, expected_version=1, name="Stale")
    with pytest.raises(Conflict) as err:
        services.orgunit_update(actor=personas.admin, unit=east, expected_version=2, municipalities=["LV-LPX"])
    assert err.value.code == "municipality_covered"
    east.refresh_from_db()
    assert east.name == "Rīgas A TSV" and east.municipalities == ["LV-062"]


def test_deactivate_refused_with_open_cases(personas, client_case):
    centre = personas.org.riga_centre
    User.objects.filter(home_unit=centre).update(is_active=False)
    with pytest.raises(Conflict) as err:
        services.orgunit_deactivate(actor=personas.admin, unit=centre, expected_version=centre.version)
    assert err.value.code == "unit_has_open_cases"
    centre.refresh_from_db()
    assert centre.active


def test_deactivate_refused_with_active_staff(personas):
    centre = personas.org.riga_centre
    with pytest.raises(Conflict) as err:
        services.orgunit_deactivate(actor=personas.admin, unit=centre, expected_version=centre.version)
    assert err.value.code == "unit_has_staff"


def test_deactivate_refused_with_active_children(personas):
    region = personas.org.kurzeme_region
    with pytest.raises(Conflict) as err:
        services.orgunit_deactivate(actor=personas.admin, unit=region, expected_version=region.version)
    assert err.value.code == "unit_has_children"


# --- Users ------------------------------------------------------------------------------------

def test_user_create_never_logs_the_password_hash(personas):
    user = services.user_create(actor=personas.admin, username="ilze", first_name="Ilze", last_name="Kalna",
                                home_unit=personas.org.riga_centre, password=STRONG)
    assert user.check_password(STRONG)
    log = ChangeLog.objects.get(verb="user_create", object_id=str(user.pk))
    assert "password" not in log.after
    assert user.password not in str(log.after)


def test_weak_password_refused_and_nothing_saved(personas):
    with pytest.raises(ValidationFailed) as err:
        services.user_create(actor=personas.admin, username="ilze", first_name="Ilze", last_name="Kalna",
                             password="password")
    assert err.value.code == "weak_password"
    assert err.value.field == "password"
    assert not User.objects.filter(username="ilze").exists()


def test_duplicate_username_refused(personas):
    with pytest.raises(Conflict) as err:
        services.user_create(actor=personas.admin, username="ALICE", first_name="A", last_name="B")
    assert err.value.code == "username_taken"


def test_user_update_stale_version(personas):
    bob = personas.bob
    services.user_update(actor=personas.admin, user=bob, expected_version=bob.version, position="Vecākais")
    with pytest.raises(ConcurrentEdit):
        services.user_update(actor=personas.admin, user=bob, expected_version=1, position="Stale")
    bob.refresh_from_db()
    assert bob.position == "Vecākais"


def test_deactivate_user_keeps_row_and_revokes_tokens(personas):
    account = services.service_account_create(actor=personas.admin, username="dvs", name="DVS")
    token, _raw = services.token_create(actor=personas.admin, account=account, name="prod")
    services.user_deactivate(actor=personas.admin, user=account, expected_version=account.version)
    account.refresh_from_db()
    token.refresh_from_db()
    assert account.is_active is False
    assert token.revoked_at is not None


def test_cannot_deactivate_self(personas):
    with pytest.raises(ValidationFailed) as err:
        services.user_deactivate(actor=personas.admin, user=personas.admin, expected_version=None)
    assert err.value.code == "cannot_deactivate_self"


def test_admin_password_reset_is_validated_and_audited(personas):
    with pytest.raises(ValidationFailed) as err:
        services.user_set_password(actor=personas.admin, user=personas.bob, password="short")
    assert err.value.code == "weak_password"
    services.user_set_password(actor=personas.admin, user=personas.bob, password=STRONG)
    personas.bob.refresh_from_db()
    assert personas.bob.check_password(STRONG)
    log = ChangeLog.objects.get(verb="user_set_password")
    assert log.after == {"password": "changed"}


def test_own_password_change_needs_current_password(personas):
    with pytest.raises(ValidationFailed) as err:
        services.user_change_own_password(user=personas.bob, old_password="wrong", new_password=STRONG)
    assert err.value.code == "wrong_password" and err.value.field == "old_password"


# --- Grants -----------------------------------------------------------------------------------

def test_grant_default_scope_and_forget(personas):
    noah = personas.noah
    assert not access.has_perm(noah, "case.view")
    grant = services.grant_add(actor=personas.admin, user=noah, role=Role.AUDITOR)
    assert grant.scope == Scope.NATIONAL and grant.org_unit is None
    assert access.has_perm(noah, "case.view")  # the cached principal was forgotten
    assert ChangeLog.objects.filter(verb="grant_add", object_id=str(grant.pk)).exists()


def test_unit_scope_grant_needs_a_unit(personas):
    with pytest.raises(ValidationFailed) as err:
        services.grant_add(actor=personas.admin, user=personas.noah, role=Role.UNIT_HEAD, scope=Scope.UNIT)
    assert err.value.code == "scope_unit_required" and err.value.field == "org_unit"
    with pytest.raises(ValidationFailed) as err:
        services.grant_add(actor=personas.admin, user=personas.noah, role=Role.UNIT_HEAD, scope=Scope.UNIT,
                           org_unit=personas.org.riga_region)
    assert err.value.code == "scope_unit_required"
    with pytest.raises(ValidationFailed) as err:
        services.grant_add(actor=personas.admin, user=personas.noah, role=Role.REGIONAL_HEAD,
                           org_unit=personas.org.riga_centre)
    assert err.value.code == "scope_region_required"
    assert not Grant.objects.filter(user=personas.noah).exists()


def test_grant_for_deactivated_user_refused(personas):
    noah = personas.noah
    User.objects.filter(pk=noah.pk).update(is_active=False)
    with pytest.raises(ValidationFailed) as err:
        services.grant_add(actor=personas.admin, user=noah, role=Role.OFFICER, org_unit=personas.org.riga_centre)
    assert err.value.code == "user_inactive"
    assert not Grant.objects.filter(user=noah).exists()


def test_integration_role_only_for_service_accounts(personas):
    with pytest.raises(ValidationFailed) as err:
        services.grant_add(actor=personas.admin, user=personas.noah, role=Role.INTEGRATION)
    assert err.value.code == "role_service_account"


def test_grant_end_keeps_row_and_removes_access(personas):
    alice = personas.alice
    grant = alice.grants.get()
    assert access.has_perm(alice, "case.view")
    services.grant_end(actor=personas.admin, grant=grant)
    grant.refresh_from_db()
    assert grant.valid_until == timezone.localdate() - dt.timedelta(days=1)
    assert not grant.is_current()
    fresh = User.objects.get(pk=alice.pk)
    assert not access.has_perm(fresh, "case.view")
    with pytest.raises(Conflict):
        services.grant_end(actor=personas.admin, grant=grant)
    # The same role can be granted again: the ended row is renewed, the log keeps the history.
    again = services.grant_add(actor=personas.admin, user=alice, role=Role.OFFICER, org_unit=grant.org_unit)
    assert again.pk == grant.pk and again.valid_until is None
    assert ChangeLog.objects.filter(verb__in=["grant_end", "grant_add"], object_id=str(grant.pk)).count() == 2


def test_duplicate_grant_refused(personas):
    with pytest.raises(Conflict) as err:
        services.grant_add(actor=personas.admin, user=personas.alice, role=Role.OFFICER,
                           org_unit=personas.org.riga_centre)
    assert err.value.code == "grant_exists"


# --- Tokens -----------------------------------------------------------------------------------

def test_token_create_stores_only_the_hash(personas):
    account = services.service_account_create(actor=personas.admin, username="dvs", name="DVS")
    assert account.is_service_account and not account.has_usable_password()
    assert account.grants.get().role == Role.INTEGRATION
    token, raw = services.token_create(actor=personas.admin, account=account, name="prod", scopes=["read"])
    assert raw.startswith(f"pl_{token.prefix}_")
    assert token.token_hash == ApiToken.hash(raw) and raw not in token.token_hash
    log = ChangeLog.objects.get(verb="token_create")
    assert "token_hash" not in log.after and raw not in str(log.after)


def test_token_rules(personas):
    account = services.service_account_create(actor=personas.admin, username="dvs", name="DVS")
    with pytest.raises(ValidationFailed) as err:
        services.token_create(actor=personas.admin, account=account, name="x", scopes=["admin"])
    assert err.value.code == "scope_unknown"
    with pytest.raises(ValidationFailed) as err:
        services.token_create(actor=personas.admin, account=personas.bob, name="x")
    assert err.value.code == "not_service_account"
    with pytest.raises(ValidationFailed) as err:
        services.token_create(actor=personas.admin, account=account, name="x",
                              expires_at=timezone.now() - dt.timedelta(hours=1))
    assert err.value.code == "expiry_past"
    assert not ApiToken.objects.exists()


# --- Policies ---------------------------------------------------------------------------------

KEY = "cases.opening_deadline_working_days"


def test_policy_override_and_reset(personas):
    assert policies.value(KEY) == 2
    override = services.policy_override(actor=personas.admin, key=KEY, value="3", reason="Rīkojums Nr. 5")
    assert override.value == 3
    assert policies.value(KEY) == 3
    services.policy_override(actor=personas.admin, key=KEY, value="4", reason="Rīkojums Nr. 6",
                             expected_version=1)
    assert policies.value(KEY) == 4
    with pytest.raises(ConcurrentEdit):
        services.policy_override(actor=personas.admin, key=KEY, value="5", reason="x", expected_version=1)
    services.policy_reset(actor=personas.admin, key=KEY, reason="Atpakaļ", expected_version=2)
    assert policies.value(KEY) == 2
    verbs = list(ChangeLog.objects.filter(model="core.policyoverride").values_list("verb", flat=True))
    assert sorted(verbs) == ["policy_override", "policy_override", "policy_reset"]


def test_policy_override_needs_a_reason(personas):
    with pytest.raises(ValidationFailed) as err:
        services.policy_override(actor=personas.admin, key=KEY, value="3", reason="  ")
    assert err.value.code == "reason_required" and err.value.field == "reason"
    assert not PolicyOverride.objects.exists()


@pytest.mark.parametrize("value", ["trīs", "2.5", "", True, "-1"])
def test_policy_override_wrong_type(personas, value):
    with pytest.raises(ValidationFailed) as err:
        services.policy_override(actor=personas.admin, key=KEY, value=value, reason="r")
    assert err.value.field == "value"
    assert err.value.code in {"policy_value_type", "policy_value_required", "policy_value_negative", "policy_value_range"}
    assert not PolicyOverride.objects.exists()
    assert policies.value(KEY) == 2


def test_policy_coerce_by_type():
    text = policies.Policy(key="t.text", default="a", source="s", description="d")
    flag = policies.Policy(key="t.flag", default=True, source="s", description="d")
    ratio = policies.Policy(key="t.ratio", default=0.5, source="s", description="d")
    choice = policies.Policy(key="t.choice", default=3, source="s", description="d", choices=(3, 6))
    assert services.policy_coerce(text, " x ") == "x"
    assert services.policy_coerce(flag, "nē") is False
    assert services.policy_coerce(ratio, "0,75") == 0.75
    assert services.policy_coerce(choice, "6") == 6
    with pytest.raises(ValidationFailed):
        services.policy_coerce(flag, "maybe")
    with pytest.raises(ValidationFailed) as err:
        services.policy_coerce(choice, "4")
    assert err.value.code == "policy_value_choice"
