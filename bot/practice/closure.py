"""The closure the trainee leads (handbook step 9, p. 17-18): next steps, negotiated.

The trainee either proposes a next step ("Skal vi aftale, at du ringer til lederen inden
fredag?") or asks for one ("Hvad er dit næste skridt?"). The citizen then

* offers an idea of their own when asked and the rapport is good (the case's ``own_ideas``;
  deliberately without a day, so the trainee has to make it concrete), or stays vague when it is
  not;
* checks a proposal with the plan store's SMART check (``bot.plan.agreements.parse_agreement``,
  the only one in the product) and negotiates what is missing: what exactly (specific), how
  many (measurable), by when (time-bound);
* refuses what is not theirs (the case's ``closure.rejects`` and resistance triggers), pushes
  back on what they cannot do (``closure.unrealistic``, or more than ``closure.limit`` of
  anything — their own sense of what is realistic, SMART's A and R, p. 30), and
* agrees to a SMART step. A citizen in strong resistance only gives in for show: the agreement
  is recorded as not accepted.

The negotiation lives in ``state["flags"]["negotiation"]``; agreements in ``flags["agreements"]``
(and the last one in ``flags["agreement"]``/``["agreement_smart"]``, which the feedback reads).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.coder import closure_elements
from bot.plan.agreements import AgreementAnswers, AgreementDraft, apply_answers, parse_agreement
from bot.plan.deadlines import QuestionReason
from bot.plan.errors import PlanError
from bot.practice.case import Case, OwnIdea
from bot.practice.matcher import parse_cue
from bot.practice.state import shift, stable_hash

GRUDGING_FROM = 7  # resistance at which the citizen only agrees for show (not accepted)
OFFER_MAX_RESISTANCE = 5  # ... and at or below which, with OFFER_MIN_OPENNESS, they offer ideas
OFFER_MIN_OPENNESS = 4
MAX_ROUNDS = 4  # negotiation rounds before the citizen gives up on the proposal
MAX_AGREEMENTS = 3
NEXT_CONVERSATION_DAYS = 14  # "inden næste samtale" in a practice: two weeks on
CITIZEN_DEADLINE = "inden fredag"  # what the citizen suggests when asked "hvornår?"
_LEAD = re.compile(
    r"^\s*(?:(?:okay|ok|godt|fint|super|ja|jamen)\s*[,.!]?\s*)?(?:så\s+)?"
    r"(?:aftaler vi|vi aftaler|skal vi aftale|skal vi ikke aftale|kan vi aftale|skal vi sige|kan vi sige|"
    r"hvad siger du til|hvad med|mit forslag er|jeg foreslår|jeg vil foreslå|aftale)\s*[:,]?\s*(?:at\s+)?",
    re.IGNORECASE,
)
PROPOSAL_RE = re.compile(
    r"\b(?:aftaler vi|vi aftaler|skal vi (?:ikke )?aftale|kan vi aftale|skal vi sige|kan vi sige|hvad siger du til|"
    r"hvad med|jeg foreslår|jeg vil foreslå|mit forslag er|jeg tænker)\s*,?\s*at\s+(?:du|(?-i:[A-ZÆØÅ][a-zæøå]+))\b"
    r"|^\s*(?:ny\s+)?aftale\s*:",
    re.IGNORECASE,
)
_TAIL = re.compile(
    r"\s*(?:[,–-]\s*)?(?:er det en aftale|hvad siger du|hvordan lyder det|lyder det godt|er du med|kan du det|"
    r"ikke også|ikke|okay|ok)?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
ASKS_WHEN = re.compile(r"\bhvornår\b|\bhvilken dag\b|\bhvor hurtigt\b|\bhvor længe\b", re.IGNORECASE)
ASKS_HOW_MANY = re.compile(r"\bhvor mange\b|\bhvor meget\b|\bhvor tit\b|\bhvor ofte\b", re.IGNORECASE)
QUANTITY_WORD = re.compile(r"\d|\b(?:én|to|tre|fire|fem|seks|syv|otte|ni|ti)\b", re.IGNORECASE)
NUMBER_WORDS = {1: "én", 2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks"}


@dataclass(frozen=True)
class Outcome:
    """What the citizen says at the closure: a situation of the case, or a line of its own."""

    situation: str | None = None
    line: str | None = None
    values: dict | None = None


# --- reading proposals --------------------------------------------------------------------------
def _today(state: dict) -> date:
    return date.fromisoformat(state["today"])


def proposal_body(text: str) -> str:
    """The agreement in a proposal, without "skal vi aftale, at" and "– er det en aftale?"."""
    body = _LEAD.sub("", text.strip(), count=1)
    return _TAIL.sub("", body).strip(" ,.;:–-")


_THIRD_PERSON = {"du": "borgeren", "dig": "sig", "din": "sin", "dit": "sit", "dine": "sine"}


def plan_sentence(body: str) -> str:
    """The proposal as the plan store writes agreements: "du ringer til din leder" becomes
    "borgeren ringer til sin leder" (the SMART check reads third-person plan sentences)."""
    return re.sub(r"\b(du|dig|din|dit|dine)\b", lambda m: _THIRD_PERSON[m.group(1).lower()], body, flags=re.IGNORECASE)


def draft_of(state: dict, body: str) -> AgreementDraft | None:
    today = _today(state)
    try:
        return parse_agreement(plan_sentence(body), today, today + timedelta(days=NEXT_CONVERSATION_DAYS))
    except PlanError:
        return None


def is_proposal(state: dict, text: str) -> bool:
    """Is the trainee's line a next step for the citizen (to be negotiated)? Either said as an
    agreement ("skal vi aftale, at du …", "aftale: …") or, once the closure is under way, a
    concrete action with an amount or a day."""
    if PROPOSAL_RE.search(text):
        return True
    flags = state["flags"]
    if not (flags["closure"]["agreement"] or _pending(state)):
        return False
    if text.strip().lower().startswith(("hvordan", "hvad", "hvorfor", "hvornår", "hvem", "hvor ")):
        return False
    if not re.search(r"\bdu\b", text, re.IGNORECASE):  # a next step for the citizen is said to them
        return False
    draft = draft_of(state, proposal_body(text))
    return bool(draft and draft.specific and draft.time_bound)


def _cued(text: str, cues: tuple[str, ...], case_id: str) -> bool:
    from bot.practice.matcher import tokens

    toks = tokens(text, case_id)
    return any(parse_cue(c, 1.0).span(toks) is not None for c in cues)


# --- the citizen's side ---------------------------------------------------------------------------
def _not_theirs(case: Case, text: str) -> tuple[str, ...] | None:
    for reject in case.closure.rejects:
        if _cued(text, reject.cues, case.id):
            return reject.replies
    return None


def _cannot(case: Case, text: str) -> tuple[str, ...] | None:
    for item in case.closure.unrealistic:
        if _cued(text, item.cues, case.id):
            return item.replies
    return None


def limit(state: dict, case: Case) -> int:
    """How much the citizen believes they can do: the case's limit, one more with high confidence,
    one less with very low confidence (at least one)."""
    bonus = 1 if state["confidence"] >= 7 else -1 if state["confidence"] <= 2 else 0
    return max(1, case.closure.limit + bonus)


def smart_flags(draft: AgreementDraft) -> dict:
    flags = {
        "specifik": bool(draft.specific),
        "maalbar": bool(draft.measurable),
        "accepteret": bool(draft.accepted),
        "realistisk": bool(draft.realistic),
        "tidsbestemt": bool(draft.time_bound),
    }
    flags["smart"] = all(flags.values())
    return flags


def _record(state: dict, text: str, draft: AgreementDraft, by: str) -> None:
    flags = state["flags"]
    smart = smart_flags(draft)
    flags["agreements"].append({"text": text, "by": by, "owner": draft.owner.value, "smart": smart})
    flags["agreement"] = text
    flags["agreement_smart"] = smart
    flags["agreement_reached"] = flags["agreement_reached"] or smart["smart"]
    flags["negotiation"] = None


def _first_person(body: str) -> str:
    """The trainee's "du ringer til …" as the citizen says it: "jeg ringer til …"."""
    swaps = {"du": "jeg", "dig": "mig", "din": "min", "dit": "mit", "dine": "mine", "Du": "Jeg"}
    words = [swaps.get(w, w) for w in body.split()]
    text = " ".join(words)
    if not re.match(r"(?i)jeg\b", text):
        first = words[0] if words else ""
        lowered = first[:1].lower() + first[1:] if first[1:2].islower() or len(first) == 1 else first
        text = " ".join(["jeg", lowered, *words[1:]])
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def _pending(state: dict) -> dict | None:
    """The open negotiation, if the citizen asked about it in their last reply (a trainee who
    moves on to something else leaves it behind)."""
    pending = state["flags"]["negotiation"]
    if pending and pending.get("turn") == state["turn"] - 1:
        return pending
    return None


def _missing_situation(state: dict, draft: AgreementDraft) -> Outcome | None:
    if not draft.specific:
        return Outcome("negotiate_specific")
    if not draft.measurable:
        return Outcome("negotiate_measure")
    if not draft.time_bound:
        if draft.deadline_reason in {
            QuestionReason.AMBIGUOUS_WEEKDAY,
            QuestionReason.PAST_DATE,
            QuestionReason.CONFLICT,
        }:
            return Outcome(line=draft.deadline_question)
        return Outcome("negotiate_time")
    return None


def negotiate(state: dict, case: Case, body: str, additions: tuple[str, ...] = ()) -> Outcome:
    """The citizen's answer to a proposal (``body`` plus the answers given to it so far)."""
    flags = state["flags"]
    text = " ".join((body, *additions)).strip()
    draft = draft_of(state, text)
    pending = _pending(state)
    rounds = pending.get("rounds", 0) + 1 if pending and pending.get("body") == body else 1
    if draft is None:
        flags["negotiation"] = None
        return Outcome("negotiate_specific")
    refusal = _not_theirs(case, text)
    if refusal:
        flags["negotiation"] = None
        shift(state, "resistance", 1)
        return Outcome(line=_pick_line(state, "not_mine", refusal))
    if state["resistance"] >= GRUDGING_FROM:
        final = apply_answers(draft, AgreementAnswers(accepted=False, realistic=False), _today(state))
        _record(state, text, final, "konsulent")
        return Outcome("agreement_grudging", values={"agreement": _first_person(text)})
    flags["negotiation"] = {
        "body": body,
        "additions": list(additions),
        "rounds": rounds,
        "source": "trainee",
        "turn": state["turn"],
    }
    impossible = _cannot(case, text)
    if impossible:
        return Outcome(line=_pick_line(state, "cannot", impossible))
    if draft.quantity is not None and draft.quantity > limit(state, case):
        return Outcome("too_much", values={"n": NUMBER_WORDS.get(limit(state, case), str(limit(state, case)))})
    missing = _missing_situation(state, draft)
    if missing and rounds < MAX_ROUNDS:
        return missing
    if missing:
        flags["negotiation"] = None
        return Outcome("closure_vague")
    final = apply_answers(draft, AgreementAnswers(accepted=True, realistic=True), _today(state))
    _record(state, text, final, "konsulent")
    return Outcome("accept_agreement", values={"agreement": _first_person(text)})


def _pick_line(state: dict, key: str, lines: tuple[str, ...]) -> str:
    from bot.practice.memory import choose, vary

    return choose(state, key, lines) or vary(state, key, lines)


# --- the citizen's own ideas ----------------------------------------------------------------------
def _idea_for(state: dict, case: Case) -> int | None:
    """The own idea to offer: one tied to a revealed fact first; none already agreed."""
    agreed = {a["text"] for a in state["flags"]["agreements"]}
    ideas = [(i, idea) for i, idea in enumerate(case.closure.own_ideas) if idea.full not in agreed]
    if not ideas:
        return None
    revealed = set(state["revealed"])
    preferred = [i for i, idea in ideas if idea.after_fact in revealed] or [
        i for i, idea in ideas if not idea.after_fact
    ]
    pool = preferred or [i for i, _ in ideas]
    return pool[stable_hash(state["seed"], "idea", len(state["flags"]["agreements"])) % len(pool)]


def offer(state: dict, case: Case, text: str = "") -> Outcome:
    """Asked for the next step: an idea of their own with good rapport, else something vague.
    Asked for the day in the same breath ("… og hvornår vil du gøre det?"), the citizen names it
    at once."""
    flags = state["flags"]
    if len(flags["agreements"]) >= MAX_AGREEMENTS:
        return Outcome("agreement_done")
    good = state["resistance"] <= OFFER_MAX_RESISTANCE and state["openness"] >= OFFER_MIN_OPENNESS
    index = _idea_for(state, case) if good else None
    if index is None:
        return Outcome("closure_vague")
    flags["negotiation"] = {"idea": index, "rounds": 0, "source": "citizen", "turn": state["turn"]}
    if ASKS_WHEN.search(text):
        return complete_idea(state, case, text)
    return Outcome(line=case.closure.own_ideas[index].offer)


def _idea_body(idea: OwnIdea) -> str:
    return re.sub(r"^\s*jeg\s+", "", idea.full, flags=re.IGNORECASE)


def complete_idea(state: dict, case: Case, text: str) -> Outcome:
    """The trainee follows up the citizen's own idea. Asked when (or given a day), the citizen
    names their day and the idea becomes a SMART agreement; merely approved, it stays a good
    intention without a day, recorded as such (not time-bound)."""
    flags = state["flags"]
    idea = case.closure.own_ideas[flags["negotiation"]["idea"]]
    timed = ASKS_WHEN.search(text) or _deadline_phrase(state, text)
    body = (
        _idea_body(idea)
        if timed
        else re.sub(r"^\s*jeg\s+(?:kunne|vil|kan)\s+(?:godt\s+|måske\s+)?", "", idea.offer, flags=re.IGNORECASE)
    )
    draft = draft_of(state, body)
    if draft is None:  # a case file error; tests keep every idea parseable
        flags["negotiation"] = None
        return Outcome("closure_vague")
    final = apply_answers(draft, AgreementAnswers(accepted=True, realistic=True), _today(state))
    _record(state, idea.full if timed else idea.offer, final, "borger")
    return Outcome(line=idea.when) if timed else Outcome("closure_vague")


def _deadline_phrase(state: dict, text: str) -> str | None:
    from bot.plan.deadlines import parse_deadline

    today = _today(state)
    result = parse_deadline(text, today, today + timedelta(days=NEXT_CONVERSATION_DAYS))
    return result.phrase if result.date else None


# --- the closure as a whole -----------------------------------------------------------------------
def handle(state: dict, case: Case, text: str, code: str) -> Outcome:
    """The citizen's reply to a closing line (summary, next steps, evaluation) or a proposal."""
    flags = state["flags"]
    pending = _pending(state)
    explicit = bool(PROPOSAL_RE.search(text))
    if pending and pending.get("source") == "citizen" and not explicit:
        return complete_idea(state, case, text)
    if pending and pending.get("source") == "trainee" and not explicit:
        follow = _follow_up(state, case, text, pending)
        if follow:
            return follow
        flags["negotiation"] = None
    if explicit or is_proposal(state, text):
        flags["closure"]["agreement"] = True
        return negotiate(state, case, proposal_body(text))
    elements = closure_elements(text)
    if code == "opsummering":
        elements.add("summary")
    if not elements:
        elements = {"evaluation"} if flags["closure"]["agreement"] else {"agreement"}
    for element in elements:
        flags["closure"][element] = True
    if "agreement" in elements:
        return offer(state, case, text)
    if "evaluation" in elements:
        good = state["openness"] >= 5 and state["resistance"] <= 4
        return Outcome("evaluation_good" if good else "evaluation_poor")
    return Outcome("summary")


def _follow_up(state: dict, case: Case, text: str, pending: dict) -> Outcome | None:
    """An answer to the citizen's question about the proposal: a number, a day, or the question
    back ("hvornår passer det dig?"), which the citizen answers themselves. None when the line
    is no answer (the trainee has moved on)."""
    additions = tuple(pending.get("additions") or ())
    draft = draft_of(state, " ".join((pending["body"], *additions)))
    if draft is None:
        return None
    if not draft.measurable:
        if ASKS_HOW_MANY.search(text):
            n = min(2, limit(state, case))
            return negotiate(state, case, pending["body"], (*additions, f"– {n} stk."))
        answered = apply_answers(draft, AgreementAnswers(measure=text), _today(state))
        if answered.quantity is not None:
            return negotiate(state, case, pending["body"], (*additions, f"– {answered.quantity} stk."))
    if not draft.time_bound:
        if ASKS_WHEN.search(text):
            return negotiate(state, case, pending["body"], (*additions, CITIZEN_DEADLINE))
        phrase = _deadline_phrase(state, text)
        if phrase:
            return negotiate(state, case, pending["body"], (*additions, phrase.lower()))
    if not draft.specific and not closure_elements(text):
        return negotiate(state, case, pending["body"], (*additions, proposal_body(text)))
    return None


_CONFIRM = re.compile(r"^\s*(?:ja|jo|fint|super|godt|okay|ok|perfekt|fedt|dejligt|det lyder)\b", re.IGNORECASE)


def claims(state: dict, text: str, code: str) -> bool:
    """Does this line belong to the closure, whatever code the coder gave it?"""
    flags = state["flags"]
    pending = _pending(state)
    if code in {"kontrakt", "timeout", "skalaspoergsmaal"}:
        return False
    if pending and pending.get("source") == "citizen":
        return bool(ASKS_WHEN.search(text) or _deadline_phrase(state, text) or _CONFIRM.search(text)) or is_proposal(
            state, text
        )
    if code == "afslutning" or is_proposal(state, text):
        return True
    if pending:
        return bool(
            ASKS_WHEN.search(text)
            or ASKS_HOW_MANY.search(text)
            or _deadline_phrase(state, text)
            or QUANTITY_WORD.search(text)
        )
    closing = flags["closure"]["agreement"] or flags["closure"]["evaluation"]
    return code == "opsummering" and closing
