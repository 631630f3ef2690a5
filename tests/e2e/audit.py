"""axe-core and the Nu HTML checker over the pages a browser test walks through."""

from axe_playwright_python.sync_playwright import Axe

from tests.e2e.htmlcheck import HtmlAudit
from tests.helpers import WCAG_21_AA


class AxeAudit:
    """axe-core (WCAG 2.1 AA) and the Nu HTML checker over the pages of a browser test, as
    Decidim's "accessible page": check() each page in the state it is in, assert_clean() once at
    the end, which names every page with a violation or an HTML error."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.html = HtmlAudit()
        self.failures: list[str] = []

    def check(self, page, name: str) -> None:
        self.html.check(page, name)
        results = self.axe.run(page, options=WCAG_21_AA)
        if results.violations_count:
            self.failures.append(f"{name} ({page.url}):\n{results.generate_report()}")

    def assert_clean(self) -> None:
        try:
            self.html.assert_clean()
        except AssertionError as html_errors:
            self.failures.append(str(html_errors))
        assert not self.failures, "\n\n".join(self.failures)
