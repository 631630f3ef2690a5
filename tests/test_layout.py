"""The house: where code lives and which way it may depend (README, Layout).

Read from the source with ast, so that a function-level import counts as much as one at the top
of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import resolve

ROOT = Path(__file__).resolve().parent.parent
APPS = ("situations", "promises", "followups")
MAX_MODULE_LINES = 600


def modules(*folders: str) -> list[Path]:
    return sorted(
        path
        for folder in folders
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts and "__pycache__" not in path.parts
    )


def imported(path: Path) -> set[str]:
    """Every module PATH imports, absolute, wherever in the file the import stands."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def top(name: str) -> str:
    return name.split(".")[0]


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_config_lib_imports_no_app():
    offenders = {
        relative(path): sorted(name for name in imported(path) if top(name) in APPS)
        for path in modules("config/lib")
    }
    assert {path: names for path, names in offenders.items() if names} == {}
    assert len(offenders) >= 10  # the cache, history, editing, rate limit, backup…


@pytest.mark.parametrize(
    ("app", "above"),
    [("situations", {"promises", "followups"}), ("promises", {"followups"})],
)
def test_a_lower_app_never_imports_a_higher_one(app, above):
    offenders = {
        relative(path): sorted(name for name in imported(path) if top(name) in above)
        for path in modules(app)
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_apps_and_config_lib_never_import_the_settings_or_the_root_urls():
    forbidden = {"config.settings", "config.urls"}
    offenders = {
        relative(path): sorted(imported(path) & forbidden) for path in modules(*APPS, "config/lib")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_no_module_outside_migrations_passes_600_lines():
    lengths = {
        relative(path): len(path.read_text(encoding="utf-8").splitlines())
        for path in modules(*APPS, "config", "tests", "bench")
    }
    assert {path: n for path, n in lengths.items() if n > MAX_MODULE_LINES} == {}


@pytest.mark.parametrize(
    ("address", "module"),
    [
        ("/", "followups.public.views.national"),
        ("/kommuner/saffle/", "followups.public.views.kommun"),
        ("/kommuner/saffle/enkater/1/", "followups.public.views.surveys"),
        ("/kommuner/saffle/tips/", "followups.public.views.tips"),
        ("/api/v1/medborgarloften/", "followups.opendata.views"),
        ("/kommuner/saffle/flode.atom", "followups.opendata.feeds"),
        ("/arbetsyta/", "followups.views.workspace"),
    ],
)
def test_each_audience_has_one_entry_from_the_root_urls(address, module):
    """The root URLconf includes one URLconf per audience, and that one names the view."""
    match = resolve(address)
    func = getattr(match.func, "view_class", match.func)
    assert func.__module__ == module
    expected = {"public", "opendata"} if not address.startswith("/arbetsyta/") else {"followups"}
    assert set(match.namespaces) & expected
