"""The one access policy: who may use a citizen's plan (bot.users.access)."""

from __future__ import annotations

import pytest

from bot.users.access import (
    MSG_NOT_A_USER,
    MSG_TRAINEE,
    AccessDenied,
    Actor,
    actor_for,
    may_use,
    plan_team,
    team_key,
)

USERS = {
    "mette": ("konsulent", "Nord"),
    "sara": ("supervisor", "Nord"),
    "emil": ("elev", "Nord"),
    "ib": ("konsulent", None),
}


def lookup(username):
    return USERS.get(username)


@pytest.mark.parametrize(
    ("sender", "expected"),
    [
        ("mette:3f2a", Actor("mette", "konsulent", "Nord")),
        ("Mette:3f2a", Actor("mette", "konsulent", "Nord")),  # user names are lower case
        ("sara", Actor("sara", "supervisor", "Nord")),
        ("ib:1", Actor("ib", "konsulent", "")),  # no team: the shared team ""
        ("konsulent-1", Actor("konsulent-1", None, "")),  # not a user
        ("", Actor("", None, "")),
    ],
)
def test_the_actor_comes_from_the_user_table_not_from_the_sender(sender, expected):
    assert actor_for(sender, lookup) == expected


@pytest.mark.parametrize(
    ("actor", "team", "allowed"),
    [
        (Actor("mette", "konsulent", "Nord"), "Nord", True),
        (Actor("sara", "supervisor", "Nord"), "Nord", True),
        (Actor("mette", "konsulent", "Nord"), "Syd", False),
        (Actor("mette", "konsulent", "Nord"), "", False),
        (Actor("ib", "konsulent", ""), "", True),
        (Actor("ib", "konsulent", ""), "Nord", False),
        (Actor("emil", "elev", "Nord"), "Nord", False),  # trainees never touch real citizens
        (Actor("x", None, "Nord"), "Nord", False),
        (Actor("x", "admin", "Nord"), "Nord", False),  # an unknown role is no plan role
    ],
)
def test_may_use(actor, team, allowed):
    assert may_use(actor, team) is allowed


def test_the_team_a_user_files_citizens_under():
    assert plan_team(Actor("mette", "konsulent", "Nord")) == "Nord"
    assert plan_team(Actor("sara", "supervisor", "Nord")) == "Nord"
    assert plan_team(Actor("ib", "konsulent", "")) == ""


@pytest.mark.parametrize(
    ("role", "message"), [("elev", MSG_TRAINEE), (None, MSG_NOT_A_USER), ("admin", MSG_NOT_A_USER)]
)
def test_everyone_else_gets_a_danish_reason_that_names_no_citizen(role, message):
    with pytest.raises(AccessDenied) as denied:
        plan_team(Actor("x", role, "Nord"))
    assert denied.value.message == message and "»" not in message.split("fx")[0]


@pytest.mark.parametrize(
    ("raw", "key"), [("Nord", "Nord"), ("  Nord  ", "Nord"), ("Team  Nord", "Team Nord"), (None, ""), ("", "")]
)
def test_team_key(raw, key):
    assert team_key(raw) == key
