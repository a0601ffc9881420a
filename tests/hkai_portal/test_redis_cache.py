"""The Redis cache backend (hkai_portal/redis_cache.py): Django's, with one shared client."""

import pytest
from django.core.cache import caches

from hkai_portal.redis_cache import RedisCache


def test_one_client_per_connection_pool_is_reused():
    backend = RedisCache("redis://127.0.0.1:6379/0,redis://127.0.0.1:6380/0", {})
    writer = backend._cache.get_client(write=True)
    assert backend._cache.get_client(write=True) is writer
    reader = backend._cache.get_client()  # the other server (reads go to replicas)
    assert reader is not writer
    assert backend._cache.get_client() is reader
    assert reader.connection_pool is not writer.connection_pool


@pytest.mark.skipif(
    not isinstance(caches["default"], RedisCache),
    reason="needs REDIS_URL (the PostgreSQL + Redis run of the suite)",
)
def test_the_configured_cache_works_through_it():
    cache = caches["default"]
    cache.set("redis-test", {"page": "content"})
    assert cache.get_many(["redis-test", "absent"]) == {"redis-test": {"page": "content"}}
    cache.set("redis-counter", 41)
    assert cache.incr("redis-counter") == 42
