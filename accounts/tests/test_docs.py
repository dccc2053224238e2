"""docs/access-control.md stays true to accounts/roles.py."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from accounts.roles import Role
from core import permissions

DOC = Path(settings.BASE_DIR) / "docs" / "access-control.md"


def _table(header_start: str) -> list[list[str]]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_permission_matrix_matches_roles():
    rows = _table("| permission |")
    roles = rows[0][1:]
    assert roles == [r.value for r in Role]
    documented = {}
    for row in rows[2:]:
        perm = row[0].strip("`")
        documented[perm] = {role for role, cell in zip(roles, row[1:]) if cell == "✔"}
    actual_perms = {p for r in Role for p in permissions.permissions_of(r)}
    assert set(documented) == actual_perms
    for perm, holders in documented.items():
        assert holders == {r.value for r in Role if perm in permissions.permissions_of(r)}, perm


def test_role_table_matches_roles():
    rows = _table("| role | name | default scope |")
    for row in rows[2:]:
        role = Role(row[0].strip("`"))
        assert row[2] == permissions.ROLES[role].default_scope, role
        classes = set() if row[3] == "—" else {c.strip() for c in row[3].split(",")}
        assert classes == set(permissions.sensitivities_of(role)), role
    assert len(rows) - 2 == len(Role)
