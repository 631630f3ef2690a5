"""axe-core over the pages a browser test walks through."""

from axe_playwright_python.sync_playwright import Axe

from tests.helpers import WCAG_21_AA


class AxeAudit:
    """axe-core (WCAG 2.1 AA) over the pages of a browser test: check() each page in the state
    it is in, assert_clean() once at the end, which names every page with a violation."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.failures: list[str] = []

    def check(self, page, name: str) -> None:
        results = self.axe.run(page, options=WCAG_21_AA)
        if results.violations_count:
            self.failures.append(f"{name} ({page.url}):\n{results.generate_report()}")

    def assert_clean(self) -> None:
        assert not self.failures, "\n\n".join(self.failures)
