"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Playwright cannot download browsers here; it launches the system's /usr/bin/chromium, which
`make test` installs. Without Chromium these tests are skipped, except in CI where they fail.
The Nu HTML checker (tests/e2e/htmlcheck.py) needs Java and node_modules/vnu-jar: without them
the audits check with axe alone and say so at the end, except in CI where they fail.
"""

import os
import shutil

import pytest

from tests.e2e import htmlcheck

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is deliberate (the tests set data up there).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def nu_checker():
    """The session's Nu HTML checker, started in the background (its JVM takes seconds)."""
    checker = htmlcheck.NuChecker()
    try:
        if not shutil.which(checker.java):
            raise htmlcheck.CheckerUnavailable(f"No Java ({checker.java}) on PATH.")
        checker.start()
    except htmlcheck.CheckerUnavailable as error:
        if os.environ.get("CI"):
            pytest.fail(f"The Nu HTML checker is required in CI: {error}")
        htmlcheck.unavailable_reason = str(error)
        yield None
        return
    htmlcheck.session_checker = checker
    yield checker
    htmlcheck.session_checker = None
    checker.stop()


def pytest_terminal_summary(terminalreporter):
    if htmlcheck.unavailable_reason:
        terminalreporter.write_line(
            f"Pages were not HTML-checked: {htmlcheck.unavailable_reason}", yellow=True
        )
    elif htmlcheck.totals["pages"]:
        terminalreporter.write_line(
            "Nu HTML checker: {pages} pages, {errors} errors, {warnings} warnings".format(
                **htmlcheck.totals
            )
        )
        for warning in htmlcheck.warnings_seen:
            terminalreporter.write_line(f"  warning: {warning}")


@pytest.fixture
def html_audit(nu_checker):
    """The Nu HTML checker over a test's pages: html_audit.check(page, name) on each page,
    html_audit.assert_clean() at the end (AxeAudit does both with axe as well)."""
    return htmlcheck.HtmlAudit(checker=nu_checker)


@pytest.fixture(scope="session")
def browser(nu_checker):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} does not exist.")
        pytest.skip(f"No Chromium at {CHROMIUM}: install the Debian package chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        new_context = browser.new_context

        def watched_context(**options):
            # Every context remembers its pages' document responses, so that an audit checks
            # the HTML the server sent (htmlcheck.HtmlAudit).
            context = new_context(**options)
            htmlcheck.watch_documents(context)
            return context

        browser.new_context = watched_context
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
