"""``manage.py create_admin``: the first administrator of a live installation (docs/deployment.md)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Grant, User
from accounts.roles import Role
from core.models import ChangeLog

STRONG = "Zils-kalns-4821"


@pytest.mark.django_db
def test_create_admin_gives_the_administrator_role_and_reaches_user_admin(client, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", STRONG)
    call_command("create_admin", "ops-admin", "--first-name", "Ilze", "--last-name", "Kalniņa")
    user = User.objects.get(username="ops-admin")
    assert user.check_password(STRONG)
    assert not user.is_superuser
    assert Grant.objects.filter(user=user, role=Role.ADMINISTRATOR).exists()
    assert ChangeLog.objects.filter(verb="grant_add", object_id=str(Grant.objects.get(user=user).pk)).exists()
    client.force_login(user)
    assert client.get("/admin-ui/users/").status_code == 200
    home = client.get("/")
    assert home.status_code == 302 and "no_access" not in home.url


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["parole123", "1234567890", "ops-admin1", ""])
def test_create_admin_refuses_a_weak_password(monkeypatch, password):
    monkeypatch.setenv("ADMIN_PASSWORD", password)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    with pytest.raises(CommandError) as err:
        call_command("create_admin", "ops-admin", "--first-name", "Ilze", "--last-name", "Kalniņa")
    assert "weak_password" in str(err.value) or "password" in str(err.value)
    assert not User.objects.filter(username="ops-admin").exists()


@pytest.mark.django_db
def test_create_admin_refuses_a_taken_name(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", STRONG)
    call_command("create_admin", "ops-admin", "--first-name", "Ilze", "--last-name", "Kalniņa")
    with pytest.raises(CommandError, match="username_taken"):
        call_command("create_admin", "OPS-admin", "--first-name", "Cits", "--last-name", "Vārds")
    assert User.objects.filter(username__iexact="ops-admin").count() == 1
