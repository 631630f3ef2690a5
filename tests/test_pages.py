"""The accessibility statement and the privacy page, linked from every public page's footer."""

import itertools
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from tests.followups.factories import FollowUpRoundFactory
from tests.promises.factories import CharterFactory


class Outline(HTMLParser):
    """The headings, landmarks and footer links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tags: set[str] = set()
        self.footer_links: list[str] = []
        self._in_footer = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if tag == "footer":
            self._in_footer = True
        if tag == "a" and self._in_footer:
            self.footer_links.append(dict(attrs).get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "footer":
            self._in_footer = False


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def assert_headings_in_order(levels: list[int]) -> None:
    assert levels.count(1) == 1 and levels[0] == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


@pytest.mark.parametrize("name", ["public:accessibility", "public:privacy"])
def test_the_page_answers_200_with_one_h1_headings_in_order_and_landmarks(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    page = outline(response.content.decode())
    assert_headings_in_order(page.headings)
    assert {"header", "nav", "main", "footer"} <= page.tags


def public_pages(world) -> list[str]:
    charter = CharterFactory(municipality=world.municipality, published=True)
    report = FollowUpRoundFactory(charter=charter, published_at=timezone.now())
    return [
        report.get_absolute_url(),
        reverse("public:home"),
        reverse("public:overview"),
        world.municipality.get_absolute_url(),
        world.other_municipality.get_absolute_url(),
        charter.get_absolute_url(),
        reverse("public:tip", kwargs={"slug": world.municipality.slug}),
        reverse("public:accessibility"),
        reverse("public:privacy"),
    ]


def test_every_public_page_links_both_pages_from_its_footer(client, world):
    for url in public_pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        links = outline(response.content.decode()).footer_links
        assert reverse("public:accessibility") in links, url
        assert reverse("public:privacy") in links, url


def test_the_accessibility_statement_has_the_sections_of_diggs_model(client, db, settings):
    settings.SITE_CONTACT_EMAIL = "tillganglighet@kommun.example"

    html = client.get(reverse("public:accessibility")).content.decode()

    for section in (
        "scope",  # which pages the statement covers
        "compliance",  # how accessible the site is
        "alternatives",  # what to do if you cannot use a part
        "report",  # how to report problems
        "enforcement",  # DIGG
        "technical",  # technical information
        "known-problems",  # content that is not accessible
        "testing",  # how the site was tested
    ):
        assert f'id="{section}"' in html, section
    for fact in (
        "2018:1937",
        "WCAG 2.1",
        "AA",
        "axe-core",
        "pdf",
        "https://www.digg.se/tdosanmalan",
        'href="mailto:tillganglighet@kommun.example"',
        "2026-11-22",
    ):
        assert fact.lower() in html.lower(), fact


def test_the_privacy_page_says_what_is_stored_why_for_how_long_and_the_rights(
    client, db, settings
):
    settings.TIP_RETENTION_DAYS = 365
    settings.SITE_CONTACT_EMAIL = "dataskydd@kommun.example"

    html = client.get(reverse("public:privacy")).content.decode()

    for section in (
        "tips",
        "tips-what",
        "tips-who",
        "tips-why",
        "tips-how-long",
        "tips-not-a-report",
        "feedback",
        "flooding",
        "surveys",
        "follow",
        "follow-what",
        "follow-who",
        "follow-how-long",
        "accounts",
        "cookies",
        "rights",
        "contact",
    ):
        assert f'id="{section}"' in html, section
    for fact in (
        "IP",
        "6.1 e",
        "2023:196",
        " 12 ",
        "112",
        "114 14",
        "https://www.imy.se",
        'href="mailto:dataskydd@kommun.example"',
    ):
        assert fact in html, fact


def test_the_tip_page_and_its_error_page_have_headings_in_order(client, world):
    url = reverse("public:tip", kwargs={"slug": world.municipality.slug})

    for response in (client.get(url), client.post(url, {"message": ""})):
        assert_headings_in_order(outline(response.content.decode()).headings)


def test_the_pages_to_follow_a_kommun_by_email_have_headings_in_order(client, world, settings):
    settings.SUBSCRIPTION_RATE_LIMIT = "1/h"
    url = reverse("public:subscribe", kwargs={"slug": world.municipality.slug})
    asked = {"email": "invanare@example.se", "follows": ["charters"], "language": "sv"}
    unknown = reverse("public:subscribe", kwargs={"slug": "ingen-kommun"})
    confirm = reverse("public:subscription_confirm", kwargs={"token": "abc:def"})
    leave = reverse("public:unsubscribe", kwargs={"token": "abc:def"})

    responses = [
        client.get(url),
        client.post(url, {"email": "fel"}),
        client.post(url, asked),
        client.post(url, asked),
        client.get(f"{url}?skickat=1"),
        client.get(unknown),
        client.get(confirm),
        client.get(leave),
    ]

    assert [response.status_code for response in responses] == [
        200,
        200,
        302,
        429,
        200,
        404,
        400,
        400,
    ]
    for response in responses:
        if response.status_code != 302:
            assert_headings_in_order(outline(response.content.decode()).headings)


def test_the_thank_you_and_refusal_pages_have_headings_in_order(client, world, settings):
    settings.FEEDBACK_RATE_LIMIT = "1/h"
    tip_url = reverse("public:tip", kwargs={"slug": world.municipality.slug})
    feedback_url = reverse("public:page_feedback")
    page = world.municipality.get_absolute_url()

    responses = [
        client.get(f"{tip_url}?tack=1"),
        client.post(feedback_url, {"page": page, "answer": "ja"}),
        client.post(feedback_url, {"page": page, "answer": "ja"}),
        client.post(feedback_url, {"page": "//evil.example", "answer": "ja"}),
    ]

    assert [response.status_code for response in responses] == [200, 200, 429, 400]
    for response in responses:
        assert_headings_in_order(outline(response.content.decode()).headings)


def test_every_page_names_its_icon_so_browsers_do_not_ask_for_a_missing_favicon(client, db):
    page = client.get(reverse("public:home")).content.decode()

    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("img/favicon.svg")
