"""The Redis cache of production (REDIS_URL): Django's backend with one shared client."""

import uuid

import pytest
import redis

from config.lib.redis_cache import SharedClientRedisCache
from tests.helpers import REDIS_URL

# Keys under a prefix of their own, deleted afterwards: any database of any Redis will do.


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    cache = SharedClientRedisCache(
        REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": {"socket_timeout": 1}}
    )
    yield cache
    cache.delete_many(["page", "version", "other", "counter", "epoch"])


def test_the_redis_cache_stores_reads_and_counts(redis_cache):
    redis_cache.set("page", {"content": b"<html>"}, 60)
    redis_cache.add("counter", 0)
    redis_cache.incr("counter")

    assert redis_cache.get("page") == {"content": b"<html>"}
    assert redis_cache.get_many(["page", "counter", "other"]) == {
        "page": {"content": b"<html>"},
        "counter": 1,
    }
    assert redis_cache.add("counter", 5) is False


def test_the_versions_of_a_page_are_read_as_counters(redis_cache):
    redis_cache.add("epoch", 281474976710655)
    redis_cache.add("counter", 0)
    redis_cache.incr("counter")
    redis_cache.set("page", {"content": b"<html>"}, 60)
    found = redis_cache.get_counters(["epoch", "counter", "other", "page"])

    assert found == {"epoch": 281474976710655, "counter": 1}  # not the page, nor what is missing


def test_every_call_uses_the_same_client(redis_cache):
    client = redis_cache._cache.get_client()

    assert redis_cache._cache.get_client(write=True) is client
