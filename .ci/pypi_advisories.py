"""Known vulnerabilities of the locked dependencies, where pip-audit's source cannot be reached.

    .venv/bin/python .ci/pypi_advisories.py requirements.lock

pip-audit asks PyPI for each locked version's advisories
(https://pypi.org/pypi/<name>/<version>/json).
Some networks (this project's CI machine among them) let only the project pages through:
https://pypi.org/pypi/<name>/json, whose "vulnerabilities" are those of the latest release.
So for every pin that is the latest release this reads the same advisory data pip-audit would
(PyPI's, from the OSV database); a pin behind the latest release cannot be checked here and is
listed as such. Exit status 1 when a locked version has a known vulnerability (or PyPI cannot be
reached at all), 0 otherwise.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def pins(lock: Path) -> list[tuple[str, str]]:
    return sorted(set(PIN.findall(lock.read_text())))


def project(name: str) -> dict:
    with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=20) as answer:
        return json.load(answer)


def check(pin: tuple[str, str]) -> tuple[str, str, str, list[str]]:
    """(name, version, latest, advisory ids of the version, when it is the latest)."""
    name, version = pin
    data = project(name)
    latest = data["info"]["version"]
    advisories = [
        vulnerability["id"]
        for vulnerability in data.get("vulnerabilities") or []
        if not vulnerability.get("withdrawn")
    ]
    return name, version, latest, advisories if latest == version else []


def main() -> int:
    lock = Path(sys.argv[1] if len(sys.argv) > 1 else "requirements.lock")
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(check, pins(lock)))
    except OSError as error:
        print(f"PyPI could not be reached: {error}", file=sys.stderr)
        return 1
    vulnerable = [(n, v, ids) for n, v, latest, ids in results if ids]
    behind = [(n, v, latest) for n, v, latest, _ids in results if latest != v]
    checked = len(results) - len(behind)
    print(
        f"{len(results)} locked packages; {checked} at their latest release checked "
        "against PyPI's advisories."
    )
    for name, version, latest in behind:
        print(
            f"  not checked here: {name} {version} (latest {latest}); "
            "`make lock LOCK_ARGS=--upgrade` moves it"
        )
    for name, version, ids in vulnerable:
        print(f"  VULNERABLE: {name} {version}: {', '.join(ids)}", file=sys.stderr)
    if vulnerable:
        return 1
    print("No known vulnerability in the checked versions.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
