"""What a page's head says to search engines and link previews, read as they read it."""

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils import timezone

from followups.council.models import CouncilReport
from promises.models import Charter
from tests.followups.factories import FollowUpRoundFactory
from tests.helpers import this_year
from tests.promises.factories import CharterFactory, PromiseFactory
from tests.situations.factories import MunicipalityFactory, PoliceAreaFactory


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


def build_public_world(world) -> dict:
    """Kommun A with a published charter of this year (two promises), last year's closed
    one, a published and an unpublished round, a published and a draft council report;
    Kommun B with only a draft charter; Kommun C with a withdrawn charter; the 290 real
    kommuner with nothing at all."""
    start, end = this_year()
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        published=True,
        title="Medborgarlöfte Kommun A",
        summary="Fokus på trygghet i centrum. Den andra meningen kommer inte med.",
        period_start=start,
        period_end=end,
    )
    PromiseFactory(charter=charter, order=1)
    PromiseFactory(charter=charter, order=2)
    ended = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        closed=True,
        title="Medborgarlöfte Kommun A förra året",
        period_start=start.replace(year=start.year - 1),
        period_end=end.replace(year=end.year - 1),
    )
    published_round = FollowUpRoundFactory(
        charter=charter,
        title="Tertial 1",
        period_start=start,
        period_end=start + datetime.timedelta(days=119),
        due_on=start + datetime.timedelta(days=130),
        published_at=timezone.now(),
    )
    unpublished_round = FollowUpRoundFactory(
        charter=charter,
        title="Tertial 2",
        period_start=start + datetime.timedelta(days=120),
        period_end=start + datetime.timedelta(days=239),
        due_on=start + datetime.timedelta(days=250),
    )
    report = CouncilReport.objects.create(
        municipality=world.municipality,
        year=start.year - 1,
        foreword="Kommunstyrelsen redovisar årets arbete. Resten står i rapporten.",
        status=CouncilReport.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    draft_report = CouncilReport.objects.create(municipality=world.municipality, year=start.year)
    draft = CharterFactory(
        municipality=world.other_municipality,
        police_area=world.other_police_area,
        title="Utkast Kommun B",
    )
    withdrawn_place = MunicipalityFactory(name="Kommun C", slug="kommun-c")
    withdrawn = CharterFactory(
        municipality=withdrawn_place,
        police_area=PoliceAreaFactory(municipalities=[withdrawn_place]),
        status=Charter.Status.WITHDRAWN,
        published_at=timezone.now(),
        withdrawn_at=timezone.now(),
        withdrawal_reason="Fel kommun.",
    )
    return {
        "charter": charter,
        "ended": ended,
        "round": published_round,
        "unpublished_round": unpublished_round,
        "report": report,
        "draft_report": draft_report,
        "draft": draft,
        "withdrawn": withdrawn,
    }
