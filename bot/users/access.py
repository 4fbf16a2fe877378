"""Who may see and change a citizen's plan: the one access policy, for every route.

A citizen belongs to a team: the team of the konsulent who first recorded them (a supervisor
can move them). A citizen reference is that team's own case key, so another team's »B-12«
is another citizen. The rule:

- a **konsulent** or **supervisor** uses the citizens of their own team (users without a
  team share the team ""), reading and changing their plans;
- an **elev** never touches real citizens: trainees practise with the simulated ones;
- anyone else — an unknown sender id, a deactivated user — uses no plans at all.

Because references are looked up within the user's own team, a konsulent of team Syd asking
for »B-12« gets Syd's »B-12« (or nobody); Nord's is neither shown nor hinted at. The same
policy serves the chat (``bot.plan.service``), the web pages and PDF (``bot.web.plans``) and
every script that acts for a user; the operator's command-line tools act for nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.sender import username_of

PLAN_ROLES = frozenset({"konsulent", "supervisor"})
SUPERVISOR = "supervisor"

MSG_TRAINEE = (
    "Som elev arbejder du ikke med rigtige borgeres planer. Øv dig i stedet med en simuleret borger, "
    "fx »øv med Stine« – guidens trin og redskaber kan du bruge som altid."
)
MSG_NOT_A_USER = (
    "Planer kan kun bruges af konsulenter og supervisorer med en bruger i Samtaleguide. Log ind i "
    "webcockpittet – guidens trin og redskaber kan du bruge som altid."
)


class AccessDenied(PermissionError):
    """The actor may not use plans; ``message`` is the Danish reason (it never names a citizen)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Actor:
    """The person a request acts for, as the user table knows them."""

    username: str
    role: str | None  # None: no active user of that name
    team: str = ""

    @property
    def uses_plans(self) -> bool:
        return self.role in PLAN_ROLES

    @property
    def is_supervisor(self) -> bool:
        return self.role == SUPERVISOR


def team_key(team: str | None) -> str:
    """The team a citizen record is filed under: the user's team, or "" for users without one."""
    return " ".join((team or "").split())


def plan_team(actor: Actor) -> str:
    """The team whose citizens ``actor`` may use; AccessDenied (Danish) for everyone else."""
    if actor.uses_plans:
        return team_key(actor.team)
    raise AccessDenied(MSG_TRAINEE if actor.role == "elev" else MSG_NOT_A_USER)


def may_use(actor: Actor, citizen_team: str) -> bool:
    return actor.uses_plans and team_key(actor.team) == citizen_team


def actor_for(sender_or_username: str, lookup) -> Actor:
    """The actor behind a sender id (``<username>:<conversation>``) or a user name.

    ``lookup(username)`` returns ``(role, team)`` of an active user, or None.
    """
    username = username_of(sender_or_username)
    found = lookup(username) if username else None
    if found is None:
        return Actor(username, None)
    role, team = found
    return Actor(username, role, team_key(team))
