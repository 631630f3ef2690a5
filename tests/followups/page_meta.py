"""What a page's head says to search engines and link previews, read as they read it."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Head:
    title: str = ""
    canonical: str | None = None
    # <meta name=…> and <meta property=…> by name, and how often each came.
    meta: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


class HeadParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.head = Head()
        self._in_head = self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif tag == "title" and self._in_head:
            self._in_title = True
        elif tag == "link" and self._in_head and attributes.get("rel") == "canonical":
            self.head.canonical = attributes.get("href")
        elif tag == "meta" and self._in_head:
            name = attributes.get("name") or attributes.get("property")
            if name:
                self.head.meta[name] = attributes.get("content", "")
                self.head.counts[name] = self.head.counts.get(name, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.head.title += data


def head_of(response) -> Head:
    """The head of RESPONSE's page, its entities decoded."""
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser.head
