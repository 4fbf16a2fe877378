"""Issues 7 and 13: two Rasa replicas and two action servers behind HAProxy, on PostgreSQL and Redis.

One topology (``bot.cluster.topology.Cluster``: real PostgreSQL 15, redis-server and HAProxy
started by the test, the replicas loading the trained model in parallel, all of it supervised)
serves the whole module:

1. concurrent conversations whose messages alternate between the replicas (and some through
   the balancer) — then PostgreSQL is read directly: every event once and in order, every
   agreement once, the review index complete;
2. two messages of one conversation sent to both replicas at the same moment: the Redis
   lock store serialises them;
3. the fault scenarios of ``bot.cluster.faults`` (action servers killed, a Rasa replica killed,
   PostgreSQL restarted, crashed and down for seconds, a read-only database, Redis down), each
   leaving the cluster whole again (the supervisor restarts what was killed).

If PostgreSQL, Redis or HAProxy cannot start, the tests FAIL with the reason (``make redis`` and
``make haproxy`` install the Debian packages).
"""

from __future__ import annotations

import json
import socket
import threading
import uuid
from pathlib import Path

import pytest
import requests

from bot.cluster import faults
from bot.cluster.balancer import UPSTREAM_HEADER
from bot.cluster.services import ServiceError
from bot.cluster.topology import DEFAULT_MODEL, Cluster
from bot.cluster.traffic import (
    agreement_script,
    alternate,
    check_database,
    new_sender,
    run_conversations,
    send,
    stored_events,
)
from bot.rasa.channel import MSG_ACTIONS_UNAVAILABLE, MSG_UNAUTHORIZED
from bot.rasa.tracker_store import RECONNECT_WINDOW_S

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    topology = Cluster(DEFAULT_MODEL)
    try:
        topology.start()
    except ServiceError as error:
        pytest.fail(f"The scale-out topology could not start: {error}")
    try:
        yield topology
    finally:
        topology.stop()


def _failed(conversations) -> list[str]:
    return [
        f"{t.sender} {t.index} {t.message!r}: {t.status} {t.error_code} {t.texts[:1]}"
        for turns in conversations.values()
        for t in turns
        if not t.ok
    ]


def test_conversations_alternating_between_replicas_are_stored_once_and_in_order(cluster):
    run = uuid.uuid4().hex[:4]
    citizens = [f"B-{run}{n}" for n in range(5)] + [f"B-{run}0"]  # two conversations share a citizen
    scripts = {new_sender("alt"): agreement_script(citizen) for citizen in citizens}
    senders = list(scripts)
    direct, proxied = senders[:4], senders[4:]
    replicas = cluster.replica_webhooks
    # Message i goes to replica (i + n) % 2: half the conversations start on each replica.
    routes = {sender: alternate(replicas, offset=n) for n, sender in enumerate(direct)}
    routes.update({sender: alternate([cluster.rest_webhook]) for sender in proxied})

    conversations = run_conversations(scripts, lambda sender, index: routes[sender](sender, index))

    assert _failed(conversations) == []
    for sender in direct:
        assert {t.url for t in conversations[sender]} == set(replicas)  # really alternated
    upstreams = {t.upstream for s in proxied for t in conversations[s]}
    assert upstreams == {r.name for r in cluster.replicas}  # the balancer uses both
    assert all(sum(t.saved_agreement for t in turns) == 2 for turns in conversations.values())
    assert check_database(cluster.database_url, conversations) == []


def test_simultaneous_messages_for_one_conversation_are_serialised_by_the_lock_store(cluster):
    sender, replicas = new_sender("lås"), cluster.replica_webhooks
    turns = [send(replicas[0], sender, f"ny samtale med B-{uuid.uuid4().hex[:4]} om brancheskift 30 min")]
    for _round in range(3):
        barrier, pair = threading.Barrier(2), [None, None]
        messages = ("næste trin", "hvor er vi?")

        def go(i: int, barrier=barrier, pair=pair, messages=messages) -> None:  # joined in this round
            barrier.wait()
            pair[i] = send(replicas[i], sender, messages[i], len(turns) + i)  # noqa: B023 - turns grows after the join

        threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert all(t.ok for t in pair), _failed({sender: pair})
        # The lock decides the order; take it from the log, then every reply must match its turn.
        stored = [
            e["data"]["text"] for e in stored_events(cluster.database_url, [sender])[sender] if e["type_name"] == "user"
        ]
        first = stored[len(turns)]
        turns += sorted(pair, key=lambda t: t.message != first)
    assert check_database(cluster.database_url, {sender: turns}) == []
    # No lost update: each "næste trin" saw the one before it (both replicas at once would repeat a step).
    steps = [
        next(r["custom"]["guide"]["step"] for r in t.replies if "guide" in r.get("custom", {}))
        for t in turns
        if t.message == "næste trin"
    ]
    assert steps == list(range(steps[0], steps[0] + len(steps))), steps


def _listening() -> dict[int, set[str]]:
    """TCP ports in LISTEN state on this machine and the IPv4 addresses they are bound to (/proc/net/tcp)."""
    ports: dict[int, set[str]] = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        if state == "0A":
            address, port = local.split(":")
            ports.setdefault(int(port, 16), set()).add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return ports


def test_only_the_rest_pool_is_public_and_the_token_rules_hold_through_the_balancer(cluster):
    listening = _listening()
    for server in [*cluster.replicas, *cluster.action_servers]:
        assert listening[server.port] == {"127.0.0.1"}, server.name
    assert listening[cluster.actions_port] == {"127.0.0.1"}
    message = {"sender": new_sender("ubuden"), "message": "hej"}

    without_token = requests.post(cluster.rest_webhook, json=message, timeout=60)
    wrong_token = requests.post(cluster.rest_webhook, json=message, headers={"Authorization": "Bearer gæt"}, timeout=60)
    for answer in (without_token, wrong_token):
        assert answer.status_code == 401  # the channel's refusal, through HAProxy unchanged
        assert answer.headers[UPSTREAM_HEADER] in {r.name for r in cluster.replicas}
        assert answer.json()[0]["text"] == MSG_UNAUTHORIZED
    action_call = {"next_action": "action_show_plan", "sender_id": "x", "tracker": {}, "domain": {}}
    refused = requests.post(cluster.actions_url + "/webhook", json=action_call, timeout=60)
    assert refused.status_code == 401 and refused.headers[UPSTREAM_HEADER].startswith("action-")


def _assert_ok(outcome: dict) -> None:
    assert outcome["ok"], json.dumps(outcome, ensure_ascii=False, indent=1)


def test_one_action_server_killed_the_balancer_sends_the_rest_to_the_other(cluster):
    outcome = faults.one_action_server_down(cluster)
    _assert_ok(outcome)
    assert outcome["gave_up"] == 0
    assert outcome["restarts"] >= 1  # by the supervisor


def test_a_rasa_replica_killed_mid_run_the_conversations_go_on_and_it_is_restarted(cluster):
    outcome = faults.rasa_replica_down(cluster)
    _assert_ok(outcome)
    assert outcome["gave_up"] == 0
    assert set(outcome["errors"]) <= {"reply_lost"}
    assert "rasa-2" in outcome["answered_after_the_kill_by"]
    assert "rasa-1" in outcome["answered_after_the_restart_by"]


def test_both_action_servers_killed_mid_run_danish_errors_then_the_conversations_continue(cluster):
    outcome = faults.action_servers_down(cluster)
    _assert_ok(outcome)
    assert outcome["errors"].keys() == {"actions_unavailable"}
    assert outcome["error_texts"] == [MSG_ACTIONS_UNAVAILABLE]


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_postgres_restarted_mid_run_loses_no_acknowledged_write(cluster, mode):
    _assert_ok(faults.postgres_restart(cluster, mode=mode))


def test_postgres_down_for_seconds_the_servers_wait_for_it_and_nothing_is_lost(cluster):
    outcome = faults.postgres_restart(cluster, mode="immediate", down_s=faults.POSTGRES_OUTAGE_S)
    _assert_ok(outcome)
    assert outcome["slowest_s"] >= faults.POSTGRES_OUTAGE_S / 2  # they waited
    if outcome["postgres_down_s"] < RECONNECT_WINDOW_S - 2:  # back within the servers' window: nobody noticed
        assert outcome["errors"] == {}
    else:  # busy cores made PostgreSQL's crash recovery slow: turns past the window got the Danish 503
        assert outcome["errors"].keys() == {"conversation_log_unavailable"}, outcome["errors"]


def test_redis_down_messages_are_refused_in_danish_and_handled_again_once_it_is_back(cluster):
    _assert_ok(faults.redis_down(cluster))


def test_a_read_only_database_gives_a_clear_danish_error_and_no_half_saved_agreement(cluster):
    _assert_ok(faults.postgres_read_only(cluster))
