"""Tables keep their words whole at 1280 and 360 px and scroll inside their own region, not the
page; what a finger touches (fields, selects, buttons) is at least 44 px tall; axe stays clean."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone

from followups.models import FollowUp
from promises.models import Charter, Party
from situations.reference import load_reference_data
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.helpers import WCAG_21_AA, log_in_with_the_browser
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 360)

# Every word of a header cell on one line: a word cut over two lines ("K o m m u n") has client
# rectangles at more than one height. Hyphens and slashes are places where a word may wrap.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const th of document.querySelectorAll('main table th')) {
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      for (const match of node.data.matchAll(/[^\\s\\-\\u2013\\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""

# Every table sits in a scrolling region that the keyboard reaches and that has a name.
UNWRAPPED_TABLES = """() => [...document.querySelectorAll('main table')].filter(table => {
  const region = table.parentElement;
  const name = document.getElementById(region.getAttribute('aria-labelledby') || '');
  return !(region.classList.contains('table-responsive')
    && getComputedStyle(region).overflowX === 'auto'
    && region.tabIndex === 0 && region.getAttribute('role') === 'region'
    && name && name.textContent.trim());
}).length"""

# The height of every field, select and button a person can touch, below 44 px.
SMALL_CONTROLS = """() => [...document.querySelectorAll(
  'main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main select, main button'
)].filter(e => e.offsetParent !== null)
  .map(e => [e.name || e.textContent.trim(), e.getBoundingClientRect().height])
  .filter(([, height]) => height < 44)"""


@pytest.fixture
def review_rows(transactional_db, world) -> Charter:
    """A published charter of the world's kommun with a round of two follow-ups to review."""
    load_reference_data()  # flushed by the previous transactional test
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        status=Charter.Status.PUBLISHED,
        signed_on=datetime.date(2025, 1, 10),
        published_at=timezone.now(),
    )
    promise = PromiseFactory(charter=charter, owner=Party.POLICE, order=1)
    first, second = (ActivityFactory(promise=promise, order=n) for n in (1, 2))
    round_ = FollowUpRoundFactory(
        charter=charter,
        title="Kvartal 1 2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31),
        due_on=datetime.date(2025, 4, 15),
    )
    FollowUpFactory(round=round_, activity=first, status=FollowUp.Status.DELAYED)
    FollowUpFactory(round=round_, activity=second, status=FollowUp.Status.DONE)
    return charter


def check_tables(page, name: str, width: int) -> list[str]:
    problems = []
    if broken := page.evaluate(BROKEN_WORDS):
        problems.append(f"{name} at {width} px: header words cut over lines: {broken}")
    if unwrapped := page.evaluate(UNWRAPPED_TABLES):
        problems.append(f"{name} at {width} px: {unwrapped} table(s) outside a named region")
    if (overflow := page.evaluate("document.documentElement.scrollWidth")) > width:
        problems.append(f"{name} at {width} px: the page is {overflow} px wide")
    if small := page.evaluate(SMALL_CONTROLS):
        problems.append(f"{name} at {width} px: controls below 44 px: {small}")
    results = Axe().run(page, options=WCAG_21_AA)
    if results.violations_count:
        problems.append(f"{name} at {width} px:\n{results.generate_report()}")
    return problems


def test_the_overview_table_scrolls_in_its_region_with_whole_words(
    live_server, browser, review_rows
):
    problems = []
    for width in WIDTHS:
        context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(live_server.url + reverse("public:overview"))
        problems += check_tables(page, "översikt", width)
        header = page.locator("main table th", has_text="Kommun").first
        line_height = header.evaluate("th => parseFloat(getComputedStyle(th).lineHeight)")
        padding = header.evaluate(
            "th => parseFloat(getComputedStyle(th).paddingTop)"
            " + parseFloat(getComputedStyle(th).paddingBottom)"
        )
        assert header.bounding_box()["height"] <= line_height + padding + 1, width
        assert page.locator("main select").count() >= 4
        if width == 360:
            # Five columns do not fit: the region scrolls, the page does not.
            region = page.locator("main .table-responsive").first
            assert region.evaluate("r => r.scrollWidth > r.clientWidth")
            assert region.get_attribute("tabindex") == "0"
        context.close()
    assert not problems, "\n\n".join(problems)


def test_the_review_dashboard_and_workspace_tables_keep_whole_words(
    live_server, browser, review_rows
):
    problems = []
    for width in WIDTHS:
        context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
        page = context.new_page()
        log_in_with_the_browser(page, live_server.url, "police")
        for name, path in [
            ("arbetsyta", reverse("followups:dashboard")),
            ("granskning", reverse("followups:review")),
            ("omgångar", reverse("followups:rounds", kwargs={"pk": review_rows.pk})),
        ]:
            assert page.goto(live_server.url + path).status == 200, path
            assert page.locator("main table").count() >= 1, path
            problems += check_tables(page, name, width)
        context.close()
    assert not problems, "\n\n".join(problems)


def test_a_state_badge_is_a_flat_label_not_a_button(live_server, browser, review_rows):
    context = browser.new_context(locale="sv-SE", viewport={"width": 360, "height": 900})
    page = context.new_page()
    log_in_with_the_browser(page, live_server.url, "police")
    page.goto(live_server.url + reverse("followups:review"))
    badge = page.locator("main .status-badge").first
    style = badge.evaluate(
        """b => { const s = getComputedStyle(b);
        return [s.borderTopWidth, s.borderTopLeftRadius, s.cursor]; }"""
    )
    assert style == ["0px", "0px", "auto"]
    context.close()
