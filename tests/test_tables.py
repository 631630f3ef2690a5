"""Every table of the templates scrolls in its own region on a small screen (issue 15): it is
the only child of a .table-responsive that the keyboard reaches (tabindex 0) and that is a
region named by the table's caption, so a wide table never squeezes its words or the page."""

from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"


class Tables(HTMLParser):
    """Each <table> with the start tag just before it and the start tag just after it."""

    def __init__(self):
        super().__init__()
        self.previous: tuple[str, dict] = ("", {})
        self.open_table: dict | None = None
        self.found: list[tuple[dict, dict]] = []  # (wrapper's attributes, caption's attributes)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if self.open_table is not None:
            self.found.append((self.open_table, attributes if tag == "caption" else {}))
            self.open_table = None
        if tag == "table":
            wrapper_tag, wrapper = self.previous
            self.open_table = wrapper if wrapper_tag == "div" else {}
        self.previous = (tag, attributes)


def tables_of(path: Path) -> list[tuple[dict, dict]]:
    parser = Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.found


def test_every_table_scrolls_in_a_focusable_region_named_by_its_caption():
    problems = []
    count = 0
    for path in sorted(TEMPLATES.rglob("*.html")):
        for wrapper, caption in tables_of(path):
            count += 1
            where = path.relative_to(ROOT)
            if "table-responsive" not in wrapper.get("class", "").split():
                problems.append(f"{where}: a table outside a .table-responsive")
            elif wrapper.get("tabindex") != "0" or wrapper.get("role") != "region":
                problems.append(f"{where}: a .table-responsive the keyboard cannot reach")
            elif not caption.get("id") or wrapper.get("aria-labelledby") != caption["id"]:
                problems.append(f"{where}: a table region not named by its caption")
    assert problems == []
    assert count >= 20  # the overview, the workspace, the review dashboard, the open data…


def test_a_table_outside_a_region_is_found():
    parser = Tables()
    parser.feed('<div class="card"><table><caption id="c">x</caption></table></div>')
    assert parser.found == [({"class": "card"}, {"id": "c"})]
