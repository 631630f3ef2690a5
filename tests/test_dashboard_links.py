"""No one's dashboard links to a page that refuses them.

For every role of the matrix (tests/workspace_matrix.py), with one of everything a workspace URL
points at in its kommun, the dashboard is fetched and every internal link on it is followed as
that user: none may answer 403 (nor 404, a link to something hidden). The EST reporter's
dashboard once linked to the kommun's workspace and its charter, both refused to a reporter.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse

from tests.helpers import WEDNESDAY_NOON
from tests.workspace_matrix import EVERYONE

# The objects include this week's EST observation: a fixed Wednesday keeps the week the same.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=True)]


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def internal_links(html: str) -> list[str]:
    """The addresses of the page's links to this site, without fragments, each once."""
    parser = Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue  # another site, or a link within the page
        address = parts.path + (f"?{parts.query}" if parts.query else "")
        if address not in found:
            found.append(address)
    return found


def followed(links: list[str], role: str) -> list[str]:
    """The links to follow: all of them, but one per page for the superuser, whose dashboard
    lists every kommun of the country and who is refused nothing."""
    if role != "superuser":
        return links
    seen: dict[str, str] = {}
    for link in links:
        seen.setdefault(resolve(urlsplit(link).path).view_name, link)
    return list(seen.values())


@pytest.mark.parametrize("role", EVERYONE)
def test_every_link_on_the_dashboard_opens_for_its_user(login_as, workspace_objects, role):
    client = login_as(role)
    page = client.get(reverse("followups:dashboard"))
    assert page.status_code == 200
    links = internal_links(page.content.decode())
    assert reverse("accounts:password_change") in links

    refused = {}
    for link in followed(links, role):
        status = client.get(link).status_code
        if status in (403, 404):
            refused[link] = status
    assert refused == {}, f"the {role}'s dashboard links to pages that refuse them"


def test_the_reporter_sees_their_kommun_and_its_public_charter_without_workspace_links(
    login_as, world, workspace_objects
):
    page = login_as("reporter").get(reverse("followups:dashboard")).content.decode()
    published = world.municipality.charters.get(pk=workspace_objects.published["pk"])

    assert "Kommun A" in page
    assert published.title in page
    assert f'href="{published.get_absolute_url()}"' in page
    assert reverse("situations:est_report", kwargs={"slug": "kommun-a"}) in page
    workspace = reverse("followups:municipality_workspace", kwargs={"slug": "kommun-a"})
    assert f'href="{workspace}"' not in page
    assert f'href="{reverse("promises:charter", kwargs={"pk": published.pk})}"' not in page


def test_the_viewer_of_the_same_kommun_keeps_the_workspace_links(
    login_as, world, workspace_objects
):
    page = login_as("viewer").get(reverse("followups:dashboard")).content.decode()

    workspace = reverse("followups:municipality_workspace", kwargs={"slug": "kommun-a"})
    assert f'href="{workspace}"' in page
    charter = reverse("promises:charter", kwargs={"pk": workspace_objects.published["pk"]})
    assert f'href="{charter}"' in page


def test_the_reporters_est_pages_link_to_nothing_refused(login_as, workspace_objects):
    client = login_as("reporter")
    pages = [
        reverse("situations:est_report", kwargs=workspace_objects.kommun),
        reverse("situations:est_observation_edit", kwargs=workspace_objects.observation),
    ]

    for page in pages:
        response = client.get(page)
        assert response.status_code == 200
        links = internal_links(response.content.decode())
        assert reverse("followups:dashboard") in links
        refused = {link: client.get(link).status_code for link in links}
        assert {link: s for link, s in refused.items() if s in (403, 404)} == {}, page
