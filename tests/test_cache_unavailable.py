"""With Redis down, the site works without its cache: public pages are rendered from the
database, forms are accepted, /healthz says 503, and a change made meanwhile shows once Redis
is back (the pages cached before it are dropped)."""

import logging
from unittest import mock

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from config.lib import cache as public_cache
from promises.models import Charter
from situations.models import Tip
from tests.helpers import REDIS_URL, public_kommun_url
from tests.promises.factories import CharterFactory
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_proxy(settings):
    """The cache is a real Redis, reached through a proxy the test can cut and restore."""
    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    address = server.connection_pool.connection_kwargs
    proxy = TcpProxy(address.get("host", "127.0.0.1"), address.get("port", 6379)).start()
    settings.CACHES = {
        "default": {
            "BACKEND": "config.lib.redis_cache.SharedClientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{proxy.port}/{address.get('db', 0)}",
            "KEY_PREFIX": f"test-outage-{proxy.port}",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield proxy
    proxy.stop()
    for key in server.scan_iter(f"test-outage-{proxy.port}:*"):
        server.delete(key)


@pytest.fixture
def published_charter(world) -> Charter:
    return CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        title="Tryggare Kommun A",
        published=True,
    )


def test_public_pages_are_rendered_from_the_database_while_redis_is_down(
    client, published_charter, redis_proxy, caplog
):
    assert (
        client.get(public_kommun_url(published_charter.municipality)).status_code == 200
    )  # now cached in Redis

    redis_proxy.stop()
    with caplog.at_level(logging.ERROR, logger="medborgarloften.cache"):
        response = client.get(public_kommun_url(published_charter.municipality))

    assert response.status_code == 200
    assert "Tryggare Kommun A" in response.content.decode()
    assert "cache unavailable" in caplog.text
    assert client.get(reverse("public:overview")).status_code == 200
    assert client.get("/healthz").status_code == 503


def test_a_tip_is_accepted_while_redis_is_down(client, published_charter, redis_proxy):
    url = reverse("public:tip", kwargs={"slug": published_charter.municipality.slug})
    redis_proxy.stop()

    response = client.post(url, {"message": "Gatlampan vid skolan är trasig."})

    assert response.status_code in (200, 302)
    assert Tip.objects.filter(message="Gatlampan vid skolan är trasig.").exists()


@mock.patch.object(public_cache, "CACHE_RETRY_SECONDS", 0)  # try the cache on every request
def test_a_change_made_while_redis_is_down_shows_once_it_is_back(
    client, published_charter, redis_proxy, django_capture_on_commit_callbacks
):
    assert (
        "Tryggare Kommun A"
        in client.get(public_kommun_url(published_charter.municipality)).content.decode()
    )
    redis_proxy.stop()

    with django_capture_on_commit_callbacks(execute=True):
        published_charter.title = "Ännu tryggare Kommun A"
        published_charter.save()  # its version cannot be bumped: Redis does not answer
    redis_proxy.start()
    # The first request may still meet a connection the outage broke; the cache is in use
    # again by the last one at the latest.
    pages = [
        client.get(public_kommun_url(published_charter.municipality)).content.decode()
        for _ in range(3)
    ]

    assert client.get("/healthz").status_code == 200
    # Never the copy Redis still holds from before the outage.
    for page in pages:
        assert "Ännu tryggare Kommun A" in page


def test_after_a_failure_the_cache_is_left_alone_for_a_few_seconds(client, published_charter):
    failing = mock.patch.object(
        cache, "get_many", side_effect=redis.exceptions.ConnectionError("refused")
    )
    with failing as get_many:
        assert client.get(public_kommun_url(published_charter.municipality)).status_code == 200
        assert client.get(public_kommun_url(published_charter.municipality)).status_code == 200
        assert get_many.call_count == 1  # the second request did not wait on it

        with mock.patch.object(public_cache, "CACHE_RETRY_SECONDS", 0):
            public_cache.forget_outage()
            client.get(public_kommun_url(published_charter.municipality))
            client.get(public_kommun_url(published_charter.municipality))
        assert get_many.call_count == 3
