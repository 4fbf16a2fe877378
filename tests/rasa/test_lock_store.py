"""The Redis lock store gives each message its own ticket even when replicas ask at the same moment.

Regression test for what the replica test found (issue 7): Rasa 3.6's ``RedisLockStore`` reads,
changes and writes a conversation's lock non-atomically, so two replicas could both get ticket 0
and handle one conversation's messages at once. Runs against a real redis-server (the shared
``redis_server`` fixture, tests/conftest.py; ``make redis`` installs it); if it cannot start,
the tests fail with the reason.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.cluster.services import RedisServer
from bot.rasa.lock_store import AtomicRedisLockStore


def _store(cls, server: RedisServer):
    return cls(host="127.0.0.1", port=server.port, db=1, key_prefix="test")


def _race(cls, server: RedisServer, conversation: str) -> tuple[int, int]:
    """Replica A reads the lock; replica B issues its ticket before A has written its own back."""
    a, b = _store(cls, server), _store(cls, server)
    a_read, b_done = threading.Event(), threading.Event()
    original = a.save_lock

    def slow_save(lock):
        a_read.set()
        b_done.wait(timeout=1)  # with the mutex B cannot finish before A: the wait runs out
        original(lock)

    a.save_lock = slow_save
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(a.issue_ticket, conversation)
        a_read.wait(timeout=5)

        def second() -> int:
            try:
                return b.issue_ticket(conversation)
            finally:
                b_done.set()

        later = pool.submit(second)
        return first.result(), later.result()


def test_rasas_redis_lock_store_hands_out_the_same_ticket_twice(redis_server):
    assert _race(RedisLockStore, redis_server, "race-plain") == (0, 0)


def test_the_atomic_store_hands_out_one_ticket_each(redis_server):
    assert sorted(_race(AtomicRedisLockStore, redis_server, "race-atomic")) == [0, 1]


def test_many_replicas_at_once_get_distinct_tickets_and_the_lock_is_gone_afterwards(redis_server):
    stores = [_store(AtomicRedisLockStore, redis_server) for _ in range(8)]
    with ThreadPoolExecutor(8) as pool:
        tickets = list(pool.map(lambda n: stores[n % 8].issue_ticket("many"), range(80)))
    assert sorted(tickets) == list(range(80))
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda t: stores[t % 8].cleanup("many", t), tickets))
    assert stores[0].get_lock("many") is None


async def test_messages_take_turns_through_rasas_lock_context(redis_server):
    a, b = _store(AtomicRedisLockStore, redis_server), _store(AtomicRedisLockStore, redis_server)
    inside, order = 0, []

    async def handle(store, name):
        nonlocal inside
        async with store.lock("turns", wait_time_in_seconds=0.01):
            inside += 1
            assert inside == 1, "two messages of one conversation handled at once"
            order.append(name)
            await asyncio.sleep(0.05)
            inside -= 1

    await asyncio.gather(*(handle(a if n % 2 else b, n) for n in range(6)))
    assert sorted(order) == list(range(6)) and a.get_lock("turns") is None


def test_it_is_built_from_the_endpoints_file_like_rasas():
    config = EndpointConfig(
        url="127.0.0.1", type="bot.rasa.lock_store.AtomicRedisLockStore", port=6390, db=2, key_prefix="sg"
    )
    store = AtomicRedisLockStore(endpoint_config=config)
    kwargs = store.red.connection_pool.connection_kwargs
    assert (kwargs["host"], kwargs["port"], kwargs["db"], store.key_prefix) == ("127.0.0.1", 6390, 2, "sg:lock:")
