"""No language leaks: the main pages read in one language only, whichever the reader chose.

The pages are rendered in Swedish and in English for users with the roles that see them, with
data as the system makes it (round titles it generated, review decisions, history reasons, a
sorted overview), and their visible text is searched for words of the other language. Before
the fix the test found: the generated round titles ("Kvartal 3 2026") and the EST quarters in
Swedish on English pages, history reasons in the language of whoever acted ("Ändrad efter
granskning: granskas igen" in English, "Approved" in Swedish), the overview's sort choices
("Namn (descending)" in both) and Django's "- Select an option -" on Swedish pages.
"""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from followups import rounds
from followups.models import FollowUp, FollowUpRound, Review
from followups.services import follow_up_review, follow_up_save, round_publish
from promises.models import Charter, Party, Promise
from tests.followups.factories import FollowUpFactory
from tests.helpers import WEDNESDAY_NOON
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    PromiseFactory,
    build_renewal_setup,
)
from tests.situations.factories import SituationReportFactory, SurveyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

# Words of Swedish that leaked into English pages, with the states and decisions that could
# (generated names, history reasons, filter labels); none is in the test data's own texts.
SWEDISH = [
    "Kvartal",
    "Halvår",
    "Ändrad efter granskning",
    "granskas igen",
    "Rapporten publicerad",
    "Godkänd",
    "godkänd",
    "Väntar",
    "Publicerad",
    "Utkast",
    "Inte uppföljd",
    "Namn",
    "fallande",
    "Välj",
]
# Words of English that leaked, or could, into Swedish pages.
ENGLISH = [
    "Select an option",
    "descending",
    "ascending",
    "Created",
    "Changed",
    "None",
    "Quarter",
    "Half-year",
    "Approved",
    "approved",
    "Published",
    "Draft",
    "Not followed up",
    "to be reviewed again",
]


class VisibleText(HTMLParser):
    """The text a person reads or hears: element text, option labels, title, alt, aria-label
    and placeholder; without scripts, styles and the language switch (which names the other
    language on purpose)."""

    ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.append(tag)
            return
        if tag in ("script", "style") or "language-switch" in (attributes.get("class") or ""):
            self._skipping.append(tag)
            return
        self.parts += [attributes[name] for name in self.ATTRIBUTES if attributes.get(name)]

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and tag == self._skipping[-1]:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def leaks(text: str, words: list[str]) -> list[str]:
    """The WORDS found in TEXT as whole words, each with a little of its context."""
    found = []
    for word in words:
        for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
            found.append(text[max(0, match.start() - 40) : match.end() + 40])
    return found


@pytest.fixture
def kommun(world):
    """Kommun A as the system leaves it after a year of work: a charter of 2025 in the
    archive, the charter of 2026 with generated quarterly rounds, follow-ups reviewed, one
    changed after its approval, the report of the second quarter published, a lägesbild and
    a survey."""
    renewal = build_renewal_setup(world, promises=1, activities=1)
    D = datetime.date
    report = SituationReportFactory(
        municipality=world.municipality,
        title="Lägesbild 2026",
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
        published=True,
    )
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        situation_report=report,
        title="Medborgarlöfte 2026",
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
        status=Charter.Status.PUBLISHED,
        signed_on=D(2026, 1, 20),
        published_at=timezone.now(),
        followup_cadence=Charter.FollowUpCadence.QUARTER,
    )
    promise = PromiseFactory(
        charter=charter, owner=Party.POLICE, title="Trafiken", text="Vi lovar fler kontroller."
    )
    activity = ActivityFactory(promise=promise, title="Hastighetskontroller vid skolan")
    charter_rounds = [
        FollowUpRound.objects.create(
            charter=charter,
            title=planned.title,
            period_start=planned.period_start,
            period_end=planned.period_end,
            due_on=planned.due_on,
        )
        for planned in rounds.plan_for(charter)
    ]
    first, second, third = charter_rounds[:3]
    coordinator, police = world.coordinator, world.police
    for round_ in (first, second):
        FollowUpFactory(round=round_, activity=activity, status=FollowUp.Status.DONE)
        FollowUpFactory(
            round=round_,
            for_promise=True,
            promise=promise,
            assessment=Promise.Assessment.FULFILLED,
        )
        for follow_up in round_.follow_ups.all():
            follow_up_review(follow_up=follow_up, user=police, decision=Review.Decision.APPROVED)
        round_publish(round_=round_, summary="Allt är gjort.", user=coordinator)
    waiting = FollowUpFactory(round=third, activity=activity, status=FollowUp.Status.ONGOING)
    follow_up_review(follow_up=waiting, user=police, decision=Review.Decision.APPROVED)
    waiting.refresh_from_db()
    # The coordinator changes the approved text on the Swedish site: the reason is recorded.
    with translation.override("sv"):
        waiting.narrative_public = "Två kontroller till."
        follow_up_save(follow_up=waiting, user=coordinator)
    survey = SurveyFactory(municipality=world.municipality, title="Trygghetsenkät 2026")
    draft = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        title="Medborgarlöfte 2027",
        period_start=D(2027, 1, 1),
        period_end=D(2027, 12, 31),
    )
    return {
        "charter": charter,
        "published_round": second,
        "open_round": third,
        "follow_up": waiting,
        "report": report,
        "survey": survey,
        "walk": renewal.walk_finding.walk,
        "draft": draft,
    }


def public_pages(world, kommun) -> list[str]:
    charter, round_ = kommun["charter"], kommun["published_round"]
    slug = world.municipality.slug
    return [
        reverse("public:home"),
        reverse("public:overview"),
        reverse("public:overview") + "?order=-name",
        world.municipality.get_absolute_url(),
        charter.get_absolute_url(),
        round_.get_absolute_url(),
        reverse("public:archive", kwargs={"slug": slug}),
        reverse("opendata:api_docs"),
    ]


def workspace_pages(world, kommun) -> dict[str, list[str]]:
    charter, follow_up = kommun["charter"], kommun["follow_up"]
    slug = world.municipality.slug
    charter_pages = [
        reverse("promises:charter", kwargs={"pk": charter.pk}),
        reverse("promises:charter_history", kwargs={"pk": charter.pk}),
        reverse("followups:rounds", kwargs={"pk": charter.pk}),
        reverse(
            "followups:round_entry",
            kwargs={"pk": charter.pk, "round_pk": kommun["open_round"].pk},
        ),
    ]
    return {
        "police_manager": [
            reverse("followups:dashboard"),
            reverse("followups:review"),
            reverse("followups:follow_up", kwargs={"pk": follow_up.pk}),
            reverse("followups:follow_up_history", kwargs={"pk": follow_up.pk}),
        ],
        "coordinator": [
            reverse("followups:dashboard"),
            reverse("followups:municipality_workspace", kwargs={"slug": slug}),
            reverse("followups:follow_up", kwargs={"pk": follow_up.pk}),
            reverse("followups:follow_up_history", kwargs={"pk": follow_up.pk}),
            *charter_pages,
            reverse("situations:report_edit", kwargs={"pk": kommun["report"].pk}),
            reverse("situations:report_history", kwargs={"pk": kommun["report"].pk}),
            reverse("situations:surveys", kwargs={"slug": slug}),
            reverse("situations:survey_edit", kwargs={"pk": kommun["survey"].pk}),
            reverse("situations:survey_history", kwargs={"pk": kommun["survey"].pk}),
            reverse("promises:safety_walk", kwargs={"pk": kommun["walk"].activity_id}),
            reverse("promises:promises_edit", kwargs={"pk": kommun["draft"].pk}),
            reverse("situations:est_grid", kwargs={"slug": slug}),
            reverse("situations:est_summary", kwargs={"slug": slug}),
        ],
        "reporter": [reverse("situations:est_report", kwargs={"slug": slug})],
    }


def report(found: dict) -> str:
    """The leaks found, a line per page and leak."""
    return "\n".join(f"{page}: …{leak}…" for page, words in found.items() for leak in words)


def read(client: Client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    assert f'<html lang="{language}">' in response.content.decode(), url
    return visible_text(response.content.decode())


@pytest.mark.parametrize(("language", "foreign"), [("en", SWEDISH), ("sv", ENGLISH)])
def test_public_pages_show_no_word_of_the_other_language(world, kommun, language, foreign):
    client = Client()
    found = {
        url: leaks(read(client, url, language), foreign) for url in public_pages(world, kommun)
    }

    assert not report(found), report(found)


@pytest.mark.parametrize(("language", "foreign"), [("en", SWEDISH), ("sv", ENGLISH)])
def test_workspace_pages_show_no_word_of_the_other_language(
    world, kommun, login_as, language, foreign
):
    found = {}
    for role, urls in workspace_pages(world, kommun).items():
        client = login_as(role)
        for url in urls:
            found[role, url] = leaks(read(client, url, language), foreign)

    assert not report(found), report(found)


def test_the_leak_finder_sees_option_labels_and_titles_but_not_the_language_switch():
    html = (
        '<form class="language-switch"><button>In English</button></form>'
        '<select><option value="">- Select an option -</option></select>'
        '<abbr title="Quarter">Q</abbr><script>var descending = 1;</script>'
    )

    text = visible_text(html)

    assert "Select an option" in text
    assert "Quarter" in text
    assert "descending" not in text
    assert "English" not in text


@pytest.mark.parametrize(
    ("stored", "english", "swedish"),
    [
        ("Kvartal 3 2026", "Quarter 3 2026", "Kvartal 3 2026"),
        ("Halvår 1 2025", "Half-year 1 2025", "Halvår 1 2025"),
        ("Tertial 2 2027", "Tertial 2 2027", "Tertial 2 2027"),
        ("År 2027", "Year 2027", "År 2027"),
        ("Quarter 4 2026", "Quarter 4 2026", "Kvartal 4 2026"),
        ("Kvartal 1 igen", "Kvartal 1 igen", "Kvartal 1 igen"),
        ("Kvartal 3 2026 extra", "Kvartal 3 2026 extra", "Kvartal 3 2026 extra"),
    ],
)
def test_a_generated_round_title_is_shown_in_the_readers_language_a_written_one_as_written(
    stored, english, swedish
):
    round_ = FollowUpRound(title=stored)

    with translation.override("en"):
        assert round_.display_title == english
    with translation.override("sv"):
        assert round_.display_title == swedish


def test_a_round_title_is_still_stored_in_swedish_whoever_plans_it():
    with translation.override("en"):
        planned = rounds.plan(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), "quarter")

    assert [round_.title for round_ in planned] == ["Kvartal 1 2026", "Kvartal 2 2026"]


@pytest.mark.parametrize(
    ("stored", "english", "swedish"),
    [
        ("Godkänd", "Approved", "Godkänd"),
        ("Approved", "Approved", "Godkänd"),
        (
            "Återställde versionen från 2026-12-01 10:00. Ändrad efter granskning: granskas igen",
            "Restored the version of 2026-12-01 10:00. Changed after review: to be reviewed again",
            "Återställde versionen från 2026-12-01 10:00. Ändrad efter granskning: granskas igen",
        ),
        ("Förnyat från Medborgarlöfte 2025", "Renewed from Medborgarlöfte 2025", None),
        ("Stavfel i namnet", "Stavfel i namnet", "Stavfel i namnet"),
        ("", "", ""),
    ],
)
def test_a_known_history_reason_is_shown_in_the_readers_language_any_other_as_written(
    stored, english, swedish
):
    import followups.services  # noqa: F401  (each app declares its reasons in its services)
    import promises.services  # noqa: F401
    from config.lib.history import reason_text

    with translation.override("en"):
        assert reason_text(stored) == english
    with translation.override("sv"):
        assert reason_text(stored) == (stored if swedish is None else swedish)
