"""With the database down, residents get public pages from the cache or a clean 503 page,
/healthz says 503, and the site recovers by itself once the database is back."""

import logging
import urllib.error
import urllib.request
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection, connections
from django.urls import reverse

from promises.models import Charter
from tests.helpers import public_kommun_url
from tests.promises.factories import CharterFactory
from tests.tcp_proxy import TcpProxy


@contextmanager
def database_down(error=OperationalError):
    """Every new query fails as it does when PostgreSQL does not answer."""
    with mock.patch.object(
        connections["default"], "ensure_connection", side_effect=error("connection refused")
    ):
        yield


@pytest.fixture
def kommun(world):
    CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        title="Tryggare Kommun A",
        published=True,
    )
    return world.municipality


@pytest.mark.django_db
def test_a_cached_public_page_is_served_while_the_database_is_down(client, kommun):
    before = client.get(public_kommun_url(kommun))
    assert before.status_code == 200

    with database_down():
        during = client.get(public_kommun_url(kommun))

    assert during.status_code == 200
    assert "Tryggare Kommun A" in during.content.decode()
    assert during["Content-Security-Policy"] == before["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_page_not_in_the_cache_answers_a_clean_503_page(client, kommun, error):
    with database_down(error):
        response = client.get(public_kommun_url(kommun))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "503.html" in [template.name for template in response.templates]
    page = response.content.decode()
    assert '<html lang="sv">' in page
    assert "connection refused" not in page
    assert "Traceback" not in page


@pytest.mark.django_db(transaction=True)
def test_a_page_changed_since_it_was_cached_is_not_served_stale(client, kommun):
    # Transactional: the cache is invalidated when the change is committed.
    client.get(public_kommun_url(kommun))
    charter = Charter.objects.get(municipality=kommun)
    charter.title = "Ändrad titel"
    charter.save()

    with database_down():
        response = client.get(public_kommun_url(kommun))

    assert response.status_code == 503


@pytest.mark.django_db
def test_a_workspace_page_answers_503_while_the_database_is_down(client, world):
    client.force_login(world.coordinator)
    # The session's lifetime is checked in a middleware, before any view: its error reaches
    # the site's handler500, as a server's would, rather than the test.
    client.raise_request_exception = False

    with database_down():
        response = client.get(reverse("followups:dashboard"))

    assert response.status_code == 503
    assert "503.html" in [template.name for template in response.templates]


@pytest.mark.django_db
def test_an_outage_is_logged_as_an_error_with_status_503(client, kommun, caplog):
    caplog.set_level(logging.INFO)

    with database_down():
        client.get(public_kommun_url(kommun))

    [line] = [r for r in caplog.records if r.name == "medborgarloften.request"]
    assert line.levelno == logging.ERROR
    assert line.status == 503


@pytest.mark.django_db
def test_healthz_answers_503_while_the_database_is_down_and_200_after(client, kommun):
    with database_down():
        assert client.get("/healthz").status_code == 503

    assert client.get("/healthz").status_code == 200
    assert client.get(public_kommun_url(kommun)).status_code == 200


# The real thing on PostgreSQL: the live server (Django's own request handling, which closes
# broken connections between requests) talks to PostgreSQL through a proxy that the test cuts
# and restores. PostgreSQL itself keeps running for everyone else.


def fetch(url: str, session: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url)
    if session:
        request.add_header("Cookie", f"sessionid={session}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def through_proxy(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("an outage of the database server needs PostgreSQL")
    settings_dict = connections["default"].settings_dict
    original = settings_dict["HOST"], settings_dict["PORT"]
    proxy = TcpProxy(original[0] or "127.0.0.1", int(original[1] or 5432)).start()
    # Every thread's connection reads this same dictionary when it connects.
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", str(proxy.port)
    connections.close_all()
    yield proxy
    proxy.stop()
    settings_dict["HOST"], settings_dict["PORT"] = original
    connections.close_all()


def test_the_site_recovers_without_a_restart_when_postgresql_comes_back(
    live_server, client, world, through_proxy
):
    CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        title="Tryggare Kommun A",
        published=True,
    )
    client.force_login(world.coordinator)
    session = client.cookies["sessionid"].value
    cached = live_server.url + public_kommun_url(world.municipality)
    uncached = live_server.url + public_kommun_url(world.other_municipality)
    workspace = live_server.url + reverse("followups:dashboard")
    health = live_server.url + "/healthz"

    assert fetch(cached)[0] == 200
    assert fetch(health) == (200, "ok")
    assert fetch(workspace, session)[0] == 200

    through_proxy.stop()
    status, page = fetch(cached)
    assert status == 200 and "Tryggare Kommun A" in page  # from the cache
    status, page = fetch(uncached)
    assert status == 503 and '<html lang="sv">' in page
    assert fetch(health) == (503, "unavailable")
    assert fetch(workspace, session)[0] == 503

    through_proxy.start()
    assert fetch(uncached)[0] == 200
    assert fetch(health) == (200, "ok")
    assert fetch(workspace, session)[0] == 200
    assert fetch(cached)[0] == 200
