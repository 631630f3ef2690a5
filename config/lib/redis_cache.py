"""Django's Redis cache, keeping one redis-py client per connection pool.

Django makes a new redis-py client for every cache call; redis-py 6 and later build a table
of some two hundred response callbacks for each, which costs a cached public page (two calls)
more than the calls themselves. A client is safe to share between threads: it takes a
connection from its pool for each command.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        # Django's own internals, which its type stubs leave out.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(  # type: ignore[attr-defined]
                connection_pool=pool
            )
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def get_counters(self, keys: list[str]) -> dict[str, int]:
        """The integers at those of KEYS that hold one (as add() and incr() keep them), in one
        MGET. A cached public page reads its versions so on every request: get_many() would
        check each key and unpickle each value, which costs twice the round trip itself."""
        client = self._cache.get_client()
        values = client.mget([self.make_key(key) for key in keys])
        return {
            key: int(value)
            for key, value in zip(keys, values, strict=True)
            if value is not None and value.isdigit()
        }
