"""A test that overrides a policy never leaks the value into the next one.

Policy values live in the database (``PolicyOverride``, rolled back after each test) and in Django's
cache for a minute (``core.policies.value``), which the root fixture ``_fresh_policy_values`` empties
before and after every test. Nothing else may keep a value for the process: no ``lru_cache`` or
``cached_property`` over a policy, no module constant read from one (the static check below).
``core.policies._REGISTRY`` and ``_LOADED`` hold the definitions in code, never values.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from core import policies
from core.models import PolicyOverride

ROOT = Path(settings.BASE_DIR)
KEY = "cases.opening_deadline_working_days"  # any configurable policy of a shared layer
CACHING = {"lru_cache", "cache", "cached_property"}


@pytest.mark.xdist_group("policy_isolation")
@pytest.mark.django_db
def test_first_an_override_is_read_and_cached():
    PolicyOverride.objects.create(key=KEY, value=policies.get(KEY).default + 7, reason="test")
    assert policies.value(KEY) == policies.get(KEY).default + 7
    assert cache.get(policies._CACHE_PREFIX + KEY) is not None


@pytest.mark.xdist_group("policy_isolation")
@pytest.mark.django_db
def test_then_the_next_test_reads_the_default():
    assert cache.get(policies._CACHE_PREFIX + KEY) is None
    assert policies.value(KEY) == policies.get(KEY).default


def _project_modules() -> list[Path]:
    skip = {".venv", "node_modules", ".git", "static", "var", "tests", "migrations"}
    return [p for p in sorted(ROOT.rglob("*.py")) if not skip & set(p.relative_to(ROOT).parts)
            and p.name != "conftest.py"]


def _reads_a_policy(node: ast.AST) -> bool:
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "value" and (
                isinstance(call.func.value, ast.Name) and call.func.value.id == "policies"):
            return True
    return False


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    return target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")


def test_no_policy_value_is_kept_for_the_process():
    found = []
    for path in _project_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                    _decorator_name(d) in CACHING for d in node.decorator_list) and _reads_a_policy(node):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} caches {node.name}, which reads a policy")
        for statement in tree.body:
            if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and (
                    _reads_a_policy(statement)):
                found.append(f"{path.relative_to(ROOT)}:{statement.lineno} reads a policy when imported")
    assert not found, "\n".join(found)


def test_the_static_check_sees_a_cached_policy():
    sample = ast.parse("@lru_cache\ndef f():\n    return policies.value('x')\n")
    [func] = sample.body
    assert isinstance(func, ast.FunctionDef)
    assert _decorator_name(func.decorator_list[0]) in CACHING and _reads_a_policy(func)
