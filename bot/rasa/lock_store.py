"""Rasa's Redis lock store, made safe for replicas that receive one conversation's messages at once.

Configured in the endpoints file of every Rasa replica (``python -m bot cluster`` writes it)::

    lock_store:
      type: bot.rasa.lock_store.AtomicRedisLockStore
      url: <redis host>
      port: 6379
      db: 1
      key_prefix: samtaleguide

Rasa serialises the messages of one conversation with a ticket lock. Rasa Open Source 3.6's
``RedisLockStore`` keeps each conversation's lock as one JSON value and changes it by reading
it, changing it in Python and writing it back (issue a ticket, finish serving, clean up). Two
replicas that get a message for the same conversation within a few milliseconds both read the
lock before either writes, both get ticket 0, and both handle their message at once: the
conversation log then holds the two turns interleaved in time and the later save wins the
slots (a lost update — ``tests/test_cluster.py`` saw "næste trin" give the same step twice).
Rasa Pro's ``ConcurrentRedisLockStore`` fixes this with atomic Redis counters.

This subclass keeps Rasa's lock format and algorithm and wraps each read-change-write of a
conversation's lock in a short Redis mutex (``SET NX PX``, redis-py's ``Lock``), so the steps
are atomic across replicas. Waiting for the ticket itself is Rasa's own loop, unchanged.
"""

from __future__ import annotations

from typing import Any

from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

MUTEX_TIMEOUT_S = 5.0  # a holder that dies keeps the mutex at most this long
MUTEX_WAIT_S = 10.0  # how long a replica waits for the mutex before the message fails
MUTEX_POLL_S = 0.002


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # Rasa builds custom lock stores from the endpoints file
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _mutex(self, conversation_id: str):
        return self.red.lock(
            f"{self.key_prefix}{conversation_id}:mutex",
            timeout=MUTEX_TIMEOUT_S,
            sleep=MUTEX_POLL_S,
            blocking_timeout=MUTEX_WAIT_S,
            thread_local=False,
        )

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            with self._mutex(conversation_id):
                return super().issue_ticket(conversation_id, lock_lifetime)
        except LockError:
            raise
        except Exception as error:  # redis errors, mutex timeout: Rasa's own wording
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().finish_serving(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            lock = self.get_lock(conversation_id)
            if lock is None:
                return
            lock.remove_ticket_for(ticket_number)
            if lock.is_someone_waiting():
                self.save_lock(lock)
            else:
                self.delete_lock(conversation_id)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)
