"""Django's Redis cache backend, reusing one redis-py client per connection pool.

Django builds a new `redis.Redis` for every cache call. redis-py's constructor is not cheap
(it builds its table of response callbacks each time), and measured here it cost about as
much as the network round trip itself, on every cached page. A client over a connection
pool is thread-safe and meant to be shared, so one per pool is kept instead.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
