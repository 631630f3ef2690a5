"""The Nu HTML checker (vnu.jar from npm) over the pages a browser test walks through.

One checker runs per test session (per xdist worker) as an HTTP service on 127.0.0.1: the JVM
and its schemas take seconds to start, a page then takes milliseconds. The `nu_checker` session
fixture in conftest.py starts it in the background as the browser starts; HtmlAudit waits for it
on its first page.
"""

import atexit
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR") or ROOT / "node_modules/vnu-jar/build/dist/vnu.jar")
JAVA = os.environ.get("JAVA") or "java"
STARTUP_SECONDS = 120  # seconds; 4 to 8 on this two-core machine under load, more on a busy runner


class CheckerUnavailable(Exception):
    pass


@dataclass
class Message:
    type: str  # "error", "info" (subType "warning") or "non-document-error"
    message: str
    line: int | None = None
    extract: str = ""
    sub_type: str = ""

    @property
    def is_error(self) -> bool:
        return self.type in {"error", "non-document-error"}

    @property
    def is_warning(self) -> bool:
        return self.type == "info" and self.sub_type == "warning"

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        extract = self.extract.replace("\n", "↵")
        return f"{where}{self.message}" + (f"\n      …{extract}…" if extract else "")


class NuChecker:
    """The checker's servlet, `java -cp vnu.jar nu.validator.servlet.Main <port>`."""

    def __init__(self, jar: Path = VNU_JAR, java: str = JAVA) -> None:
        self.jar, self.java = jar, java
        self.process: subprocess.Popen | None = None
        self.url = ""
        self.ready = False

    def start(self) -> None:
        """Start the JVM and return at once; check() waits until it answers."""
        if not self.jar.exists():
            raise CheckerUnavailable(f"No Nu HTML checker at {self.jar}: run `npm ci`.")
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/?out=json"
        # A file, not a pipe: a pipe nobody reads would fill up and stall the JVM. It lives as
        # long as the process; stop() closes it.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self.process = subprocess.Popen(
                [
                    self.java,
                    # A short-lived JVM on a busy machine: the quick compiler only and the
                    # serial collector made it ready in a third of the time and check a page
                    # in a third (measured under load: 4-8 s and 50-140 ms a 49 KB page,
                    # against 14 s and 260-450 ms). Its frames are bigger, and loading the
                    # schemas recurses deeply: a bigger stack, or it overflows at start.
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-Xss8m",
                    "-Dnu.validator.servlet.bind-address=127.0.0.1",
                    "-cp",
                    str(self.jar),
                    "nu.validator.servlet.Main",
                    str(port),
                ],
                stdin=subprocess.DEVNULL,
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
        except FileNotFoundError as error:
            raise CheckerUnavailable(f"No Java to run the Nu HTML checker: {error}") from error
        atexit.register(self.stop)

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self.ready:
            assert self.process is not None, "start() the checker first"
            if self.process.poll() is not None:
                self.log.seek(0)
                tail = self.log.read()[-2000:].decode(errors="replace")
                raise CheckerUnavailable(f"The Nu HTML checker stopped at start:\n{tail}")
            try:
                with urllib.request.urlopen(self.url.split("?")[0], timeout=2) as response:
                    self.ready = response.status == 200
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if not self.ready:
                if time.monotonic() > deadline:
                    raise CheckerUnavailable("The Nu HTML checker did not answer in time.")
                time.sleep(0.2)

    def check(self, html: bytes) -> list[Message]:
        self.wait_until_ready()
        request = urllib.request.Request(
            self.url, data=html, headers={"Content-Type": "text/html; charset=utf-8"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            messages = json.load(response)["messages"]
        return [
            Message(
                type=m["type"],
                message=m.get("message", ""),
                line=m.get("lastLine"),
                extract=m.get("extract", ""),
                sub_type=m.get("subType", ""),
            )
            for m in messages
        ]

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()
        self.process = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The session's checker, set by the nu_checker fixture; None where it could not run outside CI.
session_checker: NuChecker | None = None
# Why it is not running, for the warning at the end of the session.
unavailable_reason = ""
# What the session's audits found, for the lines at the end of the session.
totals = {"pages": 0, "errors": 0, "warnings": 0}
warnings_seen: list[str] = []


def watch_documents(context) -> None:
    """Keep each page's latest document response of a browser context, for HtmlAudit."""
    context.on("response", remember_document)


def remember_document(response) -> None:
    request = response.request
    if request.is_navigation_request() and request.frame.parent_frame is None:
        request.frame.page._nu_document = response


@dataclass
class HtmlAudit:
    """The Nu HTML checker over the pages of a browser test: check() each page in the state it
    is in, assert_clean() once at the end, which names every page with an error.

    It checks the HTML the server sent, not page.content(): the DOM after parsing and scripts
    no longer shows what the parser repaired (a stray end tag, a duplicate attribute, a
    misnested element), and it is the server's HTML that the templates write. The browser keeps
    the body of the current document's response, so a page reached by posting a form (an edit
    page with its errors) is checked as it came back, without asking the server again; each
    context's responses are watched from its creation (see the browser fixture). Only where the
    page was changed without a document load (history.pushState, a context not watched) does
    it fall back to page.content().

    Pages are sent to the checker in a thread while the test goes on; assert_clean() waits.
    Errors fail; warnings are counted (`warnings`) and shown with the errors, not failed on.
    """

    checker: NuChecker | None = None
    failures: list[str] = field(default_factory=list)
    warnings: int = 0
    pending: list[tuple[str, Future]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.checker is None:
            self.checker = session_checker
        self.pool = ThreadPoolExecutor(max_workers=1) if self.checker else None

    def check(self, page, name: str) -> None:
        if self.pool is None:
            return
        html = served_html(page)
        if html is not None:
            checked = self.pool.submit(self.checker.check, html)
            self.pending.append((f"{name} ({page.url})", checked))

    def assert_clean(self) -> None:
        for name, future in self.pending:
            messages = future.result()
            errors = [m for m in messages if m.is_error]
            warnings = [m for m in messages if m.is_warning]
            self.warnings += len(warnings)
            totals["pages"] += 1
            totals["errors"] += len(errors)
            totals["warnings"] += len(warnings)
            warnings_seen.extend(f"{name}: {m.message}" for m in warnings)
            if errors:
                listed = "\n".join(f"  - {m}" for m in messages if m.is_error or m.is_warning)
                self.failures.append(f"{name}: {len(errors)} Nu HTML checker error(s)\n{listed}")
        self.pending.clear()
        if self.pool is not None:
            self.pool.shutdown()
        assert not self.failures, "\n\n".join(self.failures)


def served_html(page) -> bytes | None:
    """The HTML the server sent for the page's current document (None if it is not HTML)."""
    response = getattr(page, "_nu_document", None)
    if response is not None and response.url == page.url.split("#")[0]:
        if "text/html" not in (response.header_value("content-type") or ""):
            return None
        return response.body()
    return page.content().encode()
