"""The fallback of `make audit` (.ci/pypi_advisories.py), with PyPI's answers stubbed."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("advisories", ROOT / ".ci" / "pypi_advisories.py")
advisories = importlib.util.module_from_spec(spec)
spec.loader.exec_module(advisories)

PYPI = {
    "django": {"info": {"version": "6.1.3"}, "vulnerabilities": []},
    "requests": {
        "info": {"version": "2.99.0"},
        "vulnerabilities": [{"id": "PYSEC-2099-1"}, {"id": "GHSA-old", "withdrawn": "2099"}],
    },
    "ruff": {"info": {"version": "0.99.0"}, "vulnerabilities": []},
}


@pytest.fixture
def lock(tmp_path, monkeypatch):
    monkeypatch.setattr(advisories, "project", lambda name: PYPI[name])
    path = tmp_path / "requirements.lock"
    path.write_text(
        "django==6.1.3 \\\n    --hash=sha256:aa\n"
        "ruff==0.1.0 \\\n    --hash=sha256:bb\n"
        "    # via medborgarloften (pyproject.toml)\n"
    )
    return path


def test_the_whole_lock_is_read(lock):
    assert advisories.pins(lock) == [("django", "6.1.3"), ("ruff", "0.1.0")]


def test_latest_pins_without_advisories_pass_and_older_ones_are_listed(lock, monkeypatch, capsys):
    monkeypatch.setattr("sys.argv", ["pypi_advisories.py", str(lock)])

    assert advisories.main() == 0
    out = capsys.readouterr().out
    assert "1 at their latest release checked" in out
    assert "not checked here: ruff 0.1.0 (latest 0.99.0)" in out


def test_a_locked_version_with_an_advisory_fails(lock, monkeypatch, capsys):
    lock.write_text("requests==2.99.0 \\\n    --hash=sha256:cc\n")
    monkeypatch.setattr("sys.argv", ["pypi_advisories.py", str(lock)])

    assert advisories.main() == 1
    assert "VULNERABLE: requests 2.99.0: PYSEC-2099-1" in capsys.readouterr().err
