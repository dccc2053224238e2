"""The guard of the function seam (ADR 0006): one test over every page and every API operation.

It walks the whole URL tree (``config.urls`` with every mounted app) and every operation of the API
(``config.api.api``), and fails when

1. a page is not behind ``core.access.page`` (so it declares no permission), unless it is one of the
   few frame pages of :data:`FRAME_PAGES`; or it declares a permission that is not registered or that
   no role holds;
2. an API operation was not declared through ``core.api.ApiRouter`` (no ``api_permission`` and
   ``api_scope``), declares ``perm=None`` without a comment saying why just above its decorator, or
   names a permission or token scope that is not registered;
3. a page (by URL name) or an API operation (by method and path) has no persona access test: no call
   of ``assert_page_access`` / ``assert_api_access`` in any test module reaches it;
4. a list page or list operation has no query-count test: no ``assert_constant_queries`` call requests
   it. A list is a GET page whose view paginates (``Paginator`` or ``PAGE_SIZE``, also in the helpers of
   its module it calls), an API operation with ``ninja.pagination.paginate``, or one of
   :data:`UNPAGINATED_LISTS`.

Checks 3 and 4 read the test modules (``ast``), they do not run them. The URL argument of a call is
followed through ``reverse("name", …)``, strings and f-strings (each ``{…}`` stands for one path
segment), ``+ "?query"``, local and module variables, ``for`` loops and comprehensions over literal
lists and dicts (``.items()`` too), ``pytest.mark.parametrize`` values, and the parameters of a module's helper functions (to
their call sites). A call whose URL cannot be followed, or names no page of the project, is reported: write it in one of
those forms.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

ROOT = Path(settings.BASE_DIR)

# Pages outside core.access.page, each with the reason. Keep this short: a new page is never one.
FRAME_PAGES = {
    "home": "sends each user to their landing page, or to sign in",
    "health": "liveness probe of the load balancer; no data",
    "ready": "readiness probe of the load balancer; no data",
    "set_language": "Django's language switch: anyone may choose a language",
    "login": "the sign-in form",
    "logout": "signing out",
    "accounts:otp_verify": "the two-step sign-in code itself: core.access.page sends people here",
    "api:api-root": "django-ninja's root of the API (no data)",
    "api:openapi-json": "the API's OpenAPI description (no data)",
    "api:openapi-view": "the API's documentation page (no data)",
    "risk:etest_start": "the client's e-testing page: a one-time code instead of an account (risk/tests/test_etesting.py)",
    "risk:etest_question": "the client's e-testing questions: only the questionnaire the code opened, in the session",
    "risk:etest_done": "the client's e-testing confirmation (no data)",
}
# Django's own admin (is_staff and Django permissions; not a staff workflow page).
FRAME_PREFIXES = {"django-admin/": "Django's admin site: its own staff check"}

# List pages that show every row of their data without paginating (so the view's code does not say
# it is a list), by URL name, each with what grows.
UNPAGINATED_LISTS: dict[str, str] = {
    "accounts:org": "the organisational tree and its staff counts",
    "tasks:workload": "one row per officer",
    "supervision:vitals": "one row per officer",
    "supervision:calendar": "the week's appointments",
    "community:bulk_hours": "the clients of one work place",
    "partners:organisation": "an organisation's agreements, places and contacts",
    "community:supervisor": "a work-provider supervisor's places and the clients at each",
    "documents:templates": "every version of every letter template",
}

ACCESS_HELPERS = {"assert_page_access", "assert_api_access"}
QUERY_HELPER = "assert_constant_queries"
SEGMENT = "\x00"  # a value of an f-string: one path segment


# --- The project's pages and API operations ---------------------------------------------------------


@dataclass(frozen=True)
class PageRoute:
    route: str  # "clients/<int:case_id>/"
    name: str  # "case_detail", "accounts:users"
    view: Any



def _parse(source: str, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse`` in a fresh thread. CPython 3.11 before 3.11.8 can raise "SystemError: AST constructor
    recursion depth mismatch" when it converts a tree deep inside a long-running thread's stack (gh-106905,
    seen once under pytest-xdist); a new thread starts with a fresh recursion count."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(ast.parse, source, filename).result()  # type: ignore[no-any-return]

def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[PageRoute]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}".strip(":") if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}".strip(":") if p.name else ""
            yield PageRoute(prefix + str(p.pattern), name, p.callback)


@dataclass(frozen=True)
class ApiOperation:
    method: str  # "GET"
    path: str  # "/api/cases/{int:case_id}/sections"
    view: Any

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def matches(self, method: str, path: str) -> bool:
        return method == self.method and _path_regex(self.path).fullmatch(path) is not None


@cache
def _path_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^}]+\}", template)
    return re.compile("[^/]+".join(re.escape(part) for part in parts))


@cache
def pages() -> tuple[PageRoute, ...]:
    """Every URL pattern that is not part of the API (which is checked by operation)."""
    return tuple(r for r in _walk(get_resolver().url_patterns) if not r.name.startswith("api:")
                 or r.name in FRAME_PAGES)


@cache
def url_names() -> frozenset[str]:
    return frozenset(r.name for r in _walk(get_resolver().url_patterns) if r.name)


@cache
def api_operations() -> tuple[ApiOperation, ...]:
    from config.api import api

    api.urls  # noqa: B018 - binds the routers (django-ninja builds its mounts with the URLs)
    root = reverse("api:api-root").rstrip("/")
    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                full = re.sub(r"/+", "/", f"{root}/{prefix}/{path}")
                for method in operation.methods:
                    found.append(ApiOperation(method, full, operation.view_func))
    return tuple(found)


def _frame(route: PageRoute) -> bool:
    return route.name in FRAME_PAGES or any(route.route.startswith(p) for p in FRAME_PREFIXES)


def _unwrapped(view: Any) -> Any:
    view = getattr(view, "view_class", view)
    return inspect.unwrap(view)


# --- Reading the test modules ------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where a call of a helper goes: a URL name (``reverse``) or a path (``SEGMENT`` for a value)."""

    name: str = ""
    path: str = ""


class Unresolved(Exception):
    pass


@dataclass
class Module:
    path: Path
    tree: ast.Module
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node

    def where(self, node: ast.AST) -> str:
        path = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
        return f"{path}:{getattr(node, 'lineno', 0)}"

    def scopes(self, node: ast.AST) -> list[ast.AST]:
        """The enclosing functions and lambdas, innermost first, then the module."""
        chain = []
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                chain.append(node)
        return [*chain, self.tree]


def _is_call_of(node: ast.AST, names: set[str]) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id in names) or (isinstance(func, ast.Attribute) and func.attr in names)


def _argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    return call.args[index] if len(call.args) > index else None


def _literal_items(node: ast.expr) -> list[ast.expr] | None:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return list(node.elts)
    return None


def _pick(target: ast.expr, element: ast.expr, name: str) -> ast.expr | None:
    """The part of ``element`` bound to ``name`` by the assignment target ``target``."""
    if isinstance(target, ast.Name):
        return element if target.id == name else None
    if isinstance(target, (ast.Tuple, ast.List)):
        parts = _literal_items(element)
        if parts is None or len(parts) != len(target.elts):
            return None
        for sub_target, sub in zip(target.elts, parts, strict=True):
            found = _pick(sub_target, sub, name)
            if found is not None:
                return found
    return None


def _binds(target: ast.expr, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target))


@dataclass(frozen=True)
class Binding:
    """A place where a scope binds a name: its line, whether a read on the same line sees it (a loop's
    target), and what it may hold."""

    line: int
    inclusive: bool
    values: Any  # (seen) -> list[ast.expr]


class Reader:
    """Follows the URL argument of a helper call to the pages and operations it reaches."""

    def __init__(self, module: Module) -> None:
        self.m = module
        # The parameters of the module helpers being read, bound to the arguments of the call being read.
        self.frames: list[dict[tuple[int, str], ast.expr]] = []

    def targets(self, expr: ast.expr, seen: frozenset[Any] = frozenset()) -> set[Target]:
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {Target(path=expr.value)}
        if isinstance(expr, ast.JoinedStr):
            return self._fstring(expr, seen)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            left = self.targets(expr.left, seen)
            if all(t.name for t in left):
                return left  # reverse(...) + "?query"
            right = self._strings(expr.right, seen)
            return {Target(path=t.path + r) for t in left for r in right}
        if isinstance(expr, ast.IfExp):
            return self.targets(expr.body, seen) | self.targets(expr.orelse, seen)
        if _is_call_of(expr, {"reverse"}):
            assert isinstance(expr, ast.Call)
            first = _argument(expr, 0, "viewname")
            if first is None:
                raise Unresolved
            names = self._strings(first, seen)
            if any(SEGMENT in n for n in names):
                raise Unresolved
            return {Target(name=n) for n in names}
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and self._function(expr.func.id):
            found: set[Target] = set()
            for value in self._returned(expr, seen, self.targets):
                found |= value
            return found
        if isinstance(expr, ast.Name):
            found = set()
            for value in self._values(expr.id, expr, seen):
                found |= self.targets(value, seen | {("name", id(value))})
            return found
        raise Unresolved

    def _strings(self, expr: ast.expr, seen: frozenset[Any]) -> set[str]:
        found = self.targets(expr, seen)
        if any(t.name for t in found):
            raise Unresolved
        return {t.path for t in found}

    def _fstring(self, expr: ast.JoinedStr, seen: frozenset[Any]) -> set[Target]:
        choices: list[set[str]] = []
        for i, part in enumerate(expr.values):
            if isinstance(part, ast.Constant):
                choices.append({str(part.value)})
                continue
            assert isinstance(part, ast.FormattedValue)
            try:
                inner = self.targets(part.value, seen)
            except Unresolved:
                choices.append({SEGMENT})
                continue
            if i == 0 and inner and all(t.name for t in inner):
                return inner  # f"{reverse(...)}?query"
            choices.append({t.path for t in inner if not t.name} or {SEGMENT})
        return {Target(path="".join(parts)) for parts in itertools.product(*choices)}

    # -- names ----------------------------------------------------------------------------------

    def _values(self, name: str, at: ast.AST, seen: frozenset[Any]) -> list[ast.expr]:
        """The expressions ``name`` may hold where ``at`` reads it: in the innermost scope that binds it,
        the binding last before the read (``url = …`` may be bound again further down); all of them
        where none comes before (a module's names, read by its functions later)."""
        line = getattr(at, "lineno", None)
        for scope in self.m.scopes(at):
            key = (id(scope), name)
            if key in seen:
                raise Unresolved
            sites = self._bindings(scope, name)
            if sites is None:
                continue
            if scope is not self.m.tree and line is not None:
                before = [site for site in sites if site.line < line or (site.inclusive and site.line == line)]
                if before:
                    last = max(site.line for site in before)
                    sites = [site for site in before if site.line == last]
            return [value for site in sites for value in site.values(seen | {key})]
        raise Unresolved

    def _bindings(self, scope: ast.AST, name: str) -> list[Binding] | None:
        """Where ``scope`` binds ``name``, or ``None`` when it does not."""
        sites: list[Binding] = []
        if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            params = [a.arg for a in [*scope.args.posonlyargs, *scope.args.args, *scope.args.kwonlyargs]]
            if name in params:
                index = params.index(name)
                sites.append(Binding(scope.lineno, True, lambda seen: self._parameter_values(scope, name, index)))
        for node in self._own_nodes(scope):
            if isinstance(node, ast.Assign) and any(_binds(t, name) for t in node.targets):
                if not any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                    raise Unresolved  # unpacked from something
                sites.append(Binding(node.lineno, False, lambda seen, value=node.value: [value]))
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
                if node.value is not None:
                    sites.append(Binding(node.lineno, False, lambda seen, value=node.value: [value]))
            elif isinstance(node, (ast.For, ast.comprehension)) and _binds(node.target, name):
                sites.append(Binding(node.target.lineno, True, lambda seen, loop=node: self._loop_values(loop, name, seen)))
        return sites or None

    def _loop_values(self, loop: ast.For | ast.comprehension, name: str, seen: frozenset[Any]) -> list[ast.expr]:
        out = []
        for element in self._iterated(loop.iter, seen):
            picked = _pick(loop.target, element, name)
            if picked is None:
                raise Unresolved
            out.append(picked)
        return out

    def _own_nodes(self, scope: ast.AST) -> Iterator[ast.AST]:
        """The nodes of ``scope`` that are not inside a nested function (comprehensions included)."""
        stack = list(ast.iter_child_nodes(scope))
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            yield node
            stack.extend(ast.iter_child_nodes(node))

    def _iterated(self, expr: ast.expr, seen: frozenset[Any], view: str = "iter") -> list[ast.expr]:
        """The elements of a literal list or dict (``view``: iterated, or its ``keys``, ``values`` or
        ``items``), of a name bound to one, or of a module helper returning one."""
        if isinstance(expr, ast.Dict):
            keys = [k for k in expr.keys if k is not None]
            if len(keys) != len(expr.values):
                raise Unresolved  # {**other}
            if view == "values":
                return list(expr.values)
            if view == "items":
                return [ast.Tuple(elts=[k, v], ctx=ast.Load()) for k, v in zip(keys, expr.values, strict=True)]
            return keys
        items = _literal_items(expr)
        if items is not None:
            if view != "iter":
                raise Unresolved
            return items
        if isinstance(expr, ast.Name):
            out: list[ast.expr] = []
            for value in self._values(expr.id, expr, seen):
                out += self._iterated(value, seen | {("name", id(value))}, view)
            return out
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and self._function(expr.func.id):
            out = []
            for elements in self._returned(expr, seen, lambda value, s: self._iterated(value, s, view)):
                out += elements
            return out
        if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and not expr.args
                and expr.func.attr in ("items", "keys", "values") and view == "iter"):
            return self._iterated(expr.func.value, seen, expr.func.attr)
        raise Unresolved

    # -- functions ------------------------------------------------------------------------------

    def _function(self, name: str) -> ast.FunctionDef | None:
        """A helper function defined at the top of the module."""
        for node in self.m.tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == name:
                return node
        return None

    def _returned(self, call: ast.Call, seen: frozenset[Any], read: Any) -> list[Any]:
        """``read`` applied to what a call of a module helper returns, its parameters bound to the call's
        arguments."""
        assert isinstance(call.func, ast.Name)
        func = self._function(call.func.id)
        assert func is not None
        key = ("call", id(func))
        if key in seen:
            raise Unresolved
        positional = [*func.args.posonlyargs, *func.args.args]
        frame: dict[tuple[int, str], ast.expr] = {}
        for i, param in enumerate(positional):
            arg = _argument(call, i, param.arg)
            if arg is not None:
                frame[(id(func), param.arg)] = arg
        for param in func.args.kwonlyargs:
            arg = next((kw.value for kw in call.keywords if kw.arg == param.arg), None)
            if arg is not None:
                frame[(id(func), param.arg)] = arg
        values = [n.value for n in self._own_nodes(func) if isinstance(n, ast.Return) and n.value is not None]
        if not values:
            raise Unresolved
        self.frames.append(frame)
        try:
            return [read(value, seen | {key}) for value in values]
        finally:
            self.frames.pop()

    def _parameter_values(self, func: ast.AST, name: str, index: int) -> list[ast.expr]:
        """What a parameter holds: the argument of the helper call being read, the ``parametrize``
        values, or the arguments of every call of the module helper."""
        if isinstance(func, ast.Lambda):
            raise Unresolved
        assert isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef))
        for frame in reversed(self.frames):
            if (id(func), name) in frame:
                return [frame[(id(func), name)]]
        for decorator in func.decorator_list:
            if _is_call_of(decorator, {"parametrize"}):
                assert isinstance(decorator, ast.Call)
                values = self._parametrized(decorator, name)
                if values is not None:
                    return values
        # A helper of the module: the arguments of all its calls.
        out: list[ast.expr] = []
        for node in ast.walk(self.m.tree):
            if _is_call_of(node, {func.name}):
                assert isinstance(node, ast.Call)
                arg = _argument(node, index, name)
                if arg is not None:
                    out.append(arg)
        if not out:
            raise Unresolved  # a fixture, or a parameter nobody passes
        return out

    def _parametrized(self, decorator: ast.Call, name: str) -> list[ast.expr] | None:
        names_node, values_node = _argument(decorator, 0, "argnames"), _argument(decorator, 1, "argvalues")
        if names_node is None or values_node is None:
            return None
        if isinstance(names_node, ast.Constant) and isinstance(names_node.value, str):
            names = [n.strip() for n in names_node.value.split(",")]
        elif (items := _literal_items(names_node)) is not None:
            names = [str(n.value) for n in items if isinstance(n, ast.Constant)]
        else:
            raise Unresolved
        if name not in names:
            return None
        rows = _literal_items(values_node)
        if rows is None:
            raise Unresolved
        out = []
        for row in rows:
            if _is_call_of(row, {"param"}):
                assert isinstance(row, ast.Call)
                row = row.args[0] if len(names) == 1 else ast.Tuple(elts=row.args)
            if len(names) == 1:
                out.append(row)
            else:
                parts = _literal_items(row)
                if parts is None:
                    raise Unresolved
                out.append(parts[names.index(name)])
        return out


@dataclass
class Reached:
    """What the test modules reach with the access helpers and with the query-count helper."""

    access_pages: set[str] = field(default_factory=set)
    access_api: set[str] = field(default_factory=set)
    counted_pages: set[str] = field(default_factory=set)
    counted_api: set[str] = field(default_factory=set)
    unresolved: list[str] = field(default_factory=list)


def modules_of_tests() -> Iterator[Path]:
    skip = {".venv", "node_modules", ".git", "static", "var"}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).parts
        if rel[0] in skip:
            continue
        if "tests" in rel[:-1] or rel[-1] == "conftest.py":
            yield path


def _record(target: Target, method: str, pages_out: set[str], api_out: set[str], where: str,
            unresolved: list[str]) -> None:
    if target.name:
        if target.name not in url_names():
            unresolved.append(f"{where}: no page is named {target.name!r}")
        pages_out.add(target.name)
        return
    path = target.path.split("?")[0].split("#")[0]
    concrete = path.replace(SEGMENT, "1")
    for op in api_operations():
        if op.matches(method.upper(), concrete):
            api_out.add(op.key)
            return
    if concrete.startswith(reverse("api:api-root")):
        unresolved.append(f"{where}: no API operation {method.upper()} {path!r}")
        return
    try:
        match = resolve(concrete)
    except Resolver404:
        unresolved.append(f"{where}: {path!r} is no page of this project")
        return
    pages_out.add(match.view_name)


def read_module(path: Path, source: str, out: Reached) -> None:
    """Add what the helper calls of one test module reach to ``out``."""
    module = Module(path, _parse(source, filename=str(path)))
    reader = Reader(module)
    for node in ast.walk(module.tree):
        if _is_call_of(node, ACCESS_HELPERS):
            assert isinstance(node, ast.Call)
            url = _argument(node, 0, "url")
            method_node = _argument(node, 4, "method")
            method = str(method_node.value) if isinstance(method_node, ast.Constant) else "get"
            if url is None:
                continue
            try:
                found = reader.targets(url)
            except Unresolved:
                out.unresolved.append(f"{module.where(node)}: the URL of this access test cannot be read")
                continue
            for target in found:
                _record(target, method, out.access_pages, out.access_api, module.where(node), out.unresolved)
        elif _is_call_of(node, {QUERY_HELPER}):
            assert isinstance(node, ast.Call)
            request = _argument(node, 1, "request")
            if request is None:
                continue
            for target, method, where in _requests(reader, request, node):
                _record(target, method, out.counted_pages, out.counted_api, module.where(where), out.unresolved)


@cache
def reached() -> Reached:
    out = Reached()
    for path in modules_of_tests():
        read_module(path, path.read_text(encoding="utf-8"), out)
    return out


def _requests(reader: Reader, request: ast.expr, at: ast.AST) -> Iterator[tuple[Target, str, ast.AST]]:
    """The client requests a query-count test measures: ``client.get(url, …)`` calls in its ``request``
    (a lambda or a local function)."""
    body: ast.AST = request
    if isinstance(request, ast.Name):
        for scope in reader.m.scopes(at):
            defs = [n for n in reader._own_nodes(scope) if isinstance(n, ast.FunctionDef) and n.name == request.id]
            if defs:
                body = defs[0]
                break
    for node in ast.walk(body):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "post"):
            url = _argument(node, 0, "path")
            if url is None:
                continue
            try:
                for target in reader.targets(url):
                    yield target, node.func.attr, node
            except Unresolved:
                continue


# --- The lists ------------------------------------------------------------------------------------


LIST_MARKS = re.compile(r"\bPaginator\(|\bPAGE_SIZE\b")


def _paginates(view: Any) -> bool:
    """The view, or a function of its module that it calls (at any depth), paginates or cuts its
    rows to a page (``Paginator``, ``PAGE_SIZE``)."""
    func = _unwrapped(view)
    module = inspect.getmodule(func)
    todo, seen = [func], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source = inspect.getsource(current)
        except (OSError, TypeError):
            continue
        if LIST_MARKS.search(source):
            return True
        for node in ast.walk(_parse(inspect.cleandoc("\n" + source))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                helper = getattr(module, node.func.id, None)
                if inspect.isfunction(helper) and helper.__module__ == func.__module__:
                    todo.append(helper)
    return False


def _methods(view: Any) -> set[str] | None:
    """The methods a view accepts (``require_POST`` and the like), or ``None`` for any."""
    while view is not None:
        code = getattr(view, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = view.__closure__[code.co_freevars.index("request_method_list")]
            return set(cell.cell_contents)
        view = getattr(view, "__wrapped__", None)
    return None


def list_pages() -> set[str]:
    """The pages that show a list: their view paginates (a POST-only view that shows the list again
    beside a form's errors is the list's page's, not a list of its own), and UNPAGINATED_LISTS."""
    found = {r.name for r in pages()
             if not _frame(r) and "GET" in (_methods(r.view) or {"GET"}) and _paginates(r.view)}
    return found | set(UNPAGINATED_LISTS)


def list_operations() -> set[str]:
    return {op.key for op in api_operations() if op.method == "GET" and getattr(op.view, "_ninja_is_paginated", False)}


# --- The checks -------------------------------------------------------------------------------------


def test_the_walk_finds_the_pages_and_operations_of_every_app():
    """The seam test can only guard what it finds: the URL tree and the API include every mount."""
    from core import registry

    names = {r.name for r in pages()}
    assert {"login", "home", "audit_log"} <= names
    for mount in registry.url_mounts():
        module = __import__(mount.module, fromlist=["urlpatterns"])
        assert any(route.view is p.callback for p in module.urlpatterns for route in pages()), mount.module
    prefixes = {op.path.split("/")[2] for op in api_operations()}
    for mount in registry.api_mounts():
        assert mount.prefix.strip("/") in prefixes, mount.prefix
    assert len(api_operations()) > len(registry.api_mounts())


def test_lists_are_found_by_their_code():
    lists = list_pages()
    assert "caseload" in lists  # Paginator in the view
    assert "tasks:mine" in lists  # Paginator in a helper of a helper of the view
    assert "search" in lists  # rows cut to PAGE_SIZE
    assert "documents:upload" not in lists  # POST only: shows the documents tab again beside the form's errors
    assert "case_detail" not in lists
    assert {"GET /api/tasks/", "GET /api/cases/"} <= list_operations()


def page_problems(routes: Iterator[PageRoute] | tuple[PageRoute, ...]) -> list[str]:
    from core import permissions

    problems = []
    for route in routes:
        if _frame(route):
            continue
        if not route.name:
            problems.append(f"/{route.route}: no URL name")
        elif not hasattr(route.view, "access_permission"):
            problems.append(f"{route.name} (/{route.route}): not behind core.access.page (declare the permission)")
        elif (perm := route.view.access_permission) is not None and perm not in permissions.PERMISSIONS:
            problems.append(f"{route.name}: unregistered permission {perm}")
        elif perm is not None and not permissions.holders_of(perm):
            problems.append(f"{route.name}: no role holds {perm}")
    return problems


def _comment_above(view: Any) -> bool:
    """The line above the function's first decorator is a comment."""
    lines, first = inspect.findsource(_unwrapped(view))
    return first > 0 and lines[first - 1].strip().startswith("#")


def api_problems(operations: Iterator[ApiOperation] | tuple[ApiOperation, ...]) -> list[str]:
    from core import permissions, registry

    scopes = registry.api_scopes()
    problems = []
    for op in operations:
        if not hasattr(op.view, "api_permission") or not getattr(op.view, "api_scope", None):
            problems.append(f"{op.key}: not declared through core.api.ApiRouter (perm= and a token scope)")
            continue
        perm, scope = op.view.api_permission, op.view.api_scope
        if perm is None and not _comment_above(op.view):
            problems.append(f"{op.key}: perm=None needs a comment above the decorator saying who may call it")
        if perm is not None and perm not in permissions.PERMISSIONS:
            problems.append(f"{op.key}: unregistered permission {perm}")
        elif perm is not None and not permissions.holders_of(perm):
            problems.append(f"{op.key}: no role holds {perm}")
        if scope not in scopes:
            problems.append(f"{op.key}: token scope {scope} is not declared (core.registry.api_scope)")
    return problems


def test_every_page_declares_its_permission():
    problems = page_problems(pages())
    assert not problems, "\n".join(problems)


def test_every_api_operation_declares_its_permission_and_token_scope():
    problems = api_problems(api_operations())
    assert not problems, "\n".join(problems)


def test_the_test_modules_can_be_read():
    """Every access and query-count test names its URL in a form this module can follow (see the
    module's docstring), so that no page looks covered, or uncovered, by mistake."""
    assert not reached().unresolved, "\n".join(reached().unresolved)


def test_every_page_has_a_persona_access_test():
    uncovered = sorted(r.name or f"/{r.route}" for r in pages()
                       if not _frame(r) and r.name not in reached().access_pages)
    assert not uncovered, ("pages without a persona access test (core.testing.checks.assert_page_access with "
                           "reverse('<name>', …)):\n" + "\n".join(uncovered))


def test_every_api_operation_has_a_persona_access_test():
    uncovered = sorted(op.key for op in api_operations() if op.key not in reached().access_api)
    assert not uncovered, ("API operations without a persona access test (core.testing.checks.assert_api_access "
                           "with its path and method=):\n" + "\n".join(uncovered))


def test_every_list_has_a_query_count_test():
    names = {r.name for r in pages()}
    assert set(UNPAGINATED_LISTS) <= names, set(UNPAGINATED_LISTS) - names
    uncovered = sorted(list_pages() - reached().counted_pages)
    uncovered += sorted(list_operations() - reached().counted_api)
    assert not uncovered, ("lists without a query-count test (core.testing.checks.assert_constant_queries):\n"
                           + "\n".join(uncovered))


@pytest.mark.parametrize("name", sorted(FRAME_PAGES))
def test_frame_pages_exist(name):
    """The allow-list names only real pages (a renamed page must not stay allowed)."""
    try:
        reverse(name)
    except NoReverseMatch:
        assert any(r.name == name for r in pages()), name


# --- The reader itself ----------------------------------------------------------------------------

SAMPLE = """
import pytest
from django.urls import reverse

PAGES = ["tasks:unit", "tasks:overdue"]


def _url(name, case):
    return reverse(f"tasks:{name}", args=[case.pk])


def _api(pk):
    return f"/api/tasks/{pk}"


def _bodies(task):
    return {f"/api/tasks/{task.pk}/assign": {"assignee_id": 1}, "/api/tasks/1/complete": {"outcome": ""}}


@pytest.mark.parametrize("name", ["caseload", "search"])
def test_parametrized(name, personas):
    assert_page_access(reverse(name) + "?q=x", personas, allowed=[], denied=[])


def test_forms(personas, case, client):
    for name in PAGES:
        assert_page_access(reverse(name), personas, allowed=[], denied=[])
    url = _url("case_tasks", case)
    assert_page_access(url, personas, allowed=[], denied=[])
    for name, data in (("tasks:complete", {}), ("tasks:assign", {})):
        assert_page_access(reverse(name, args=[1]), personas, [], [], method="post", data=data)
    assert_api_access(_api(case.pk), personas, [], [])
    assert_api_access(f"/api/tasks/{case.pk}/complete", personas, [], [], method="post")
    for url, body in _bodies(case).items():
        assert_api_access(url, personas, [], [], method="post", json=body)
    assert_constant_queries(lambda n: None, lambda: client.get(f"/clients/{case.pk}/timeline/"))
    assert_constant_queries(lambda n: None, lambda: client.get("/api/tasks/", {"view": "unit"}))


def test_unreadable(personas, urls):
    assert_page_access(urls[0], personas, [], [])
    assert_page_access(reverse("tasks:no_such_page"), personas, [], [])
    assert_api_access("/api/tasks/", personas, [], [], method="delete")
"""


def test_the_reader_follows_the_forms_the_docstring_names():
    out = Reached()
    read_module(ROOT / "sample_test.py", SAMPLE, out)
    assert out.access_pages == {"caseload", "search", "tasks:unit", "tasks:overdue", "tasks:case_tasks",
                                "tasks:complete", "tasks:assign", "tasks:no_such_page"}
    assert out.access_api == {"GET /api/tasks/{task_id}", "POST /api/tasks/{task_id}/complete",
                              "POST /api/tasks/{task_id}/assign"}
    assert out.counted_pages == {"case_timeline"}
    assert out.counted_api == {"GET /api/tasks/"}
    assert sorted(u.split(": ", 1)[1] for u in out.unresolved) == [
        "no API operation DELETE '/api/tasks/'", "no page is named 'tasks:no_such_page'",
        "the URL of this access test cannot be read"]


# A comment that says who may call it.
def _commented() -> None:
    pass


def _uncommented() -> None:
    pass


def test_a_comment_above_is_found():
    assert _comment_above(_commented) and not _comment_above(_uncommented)


def test_the_checks_find_undeclared_pages_and_operations():
    from core.access import page

    def bare(request):  # no core.access.page
        return None

    declared = page("case.view")(bare)
    assert page_problems([PageRoute("x/", "x", bare), PageRoute("y/", "", declared),
                          PageRoute("z/", "z", page("no.such.permission")(bare)),
                          PageRoute("w/", "w", declared), PageRoute("login/", "login", bare)]) == [
        "x (/x/): not behind core.access.page (declare the permission)", "/y/: no URL name",
        "z: unregistered permission no.such.permission"]
    _commented.api_permission, _commented.api_scope = None, "read"  # type: ignore[attr-defined]
    _uncommented.api_permission, _uncommented.api_scope = None, "no:such:scope"  # type: ignore[attr-defined]
    try:
        assert api_problems([ApiOperation("GET", "/api/a", bare), ApiOperation("GET", "/api/b", _commented),
                             ApiOperation("POST", "/api/c", _uncommented)]) == [
            "GET /api/a: not declared through core.api.ApiRouter (perm= and a token scope)",
            "POST /api/c: perm=None needs a comment above the decorator saying who may call it",
            "POST /api/c: token scope no:such:scope is not declared (core.registry.api_scope)"]
    finally:
        del _commented.api_permission, _commented.api_scope  # type: ignore[attr-defined]
        del _uncommented.api_permission, _uncommented.api_scope  # type: ignore[attr-defined]
