"""How the citizen reacts to the trainee's technique: two tables and small handlers.

``EFFECTS`` says how each technique code moves trust (openness), resistance, "depth" (how much
has been explored), importance and confidence; ``RULES`` adjusts that for the circumstances
(the rule's name says when). ``HANDLERS`` says how the citizen answers each code. Sources:

* Open questions, reflections and summaries build trust (handbook step 4, p. 12-13; step 7,
  p. 16); a closed question gets a short answer, and a run of them makes the citizen clam up.
* Persuading and confronting raise resistance (step 7, p. 16; "Udfordrende samtaler", p. 18);
  reflecting resistance and stressing free choice lower it (p. 18).
* Information is given the UGU way, explore - give - explore (step 5, p. 14): information with
  exploring before it (the previous line or the same line) is not punished, and asking
  permission is not required; only an unasked lecture raises resistance.
* An announced switch to the authority role ("jeg tager lige myndighedskasketten på …", step 8,
  p. 17) is what the handbook asks for: the rules that follow are not punished.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.coder import scaling_info
from bot.coder.cues import words as cue_words
from bot.judgement import CONTRACT_WINDOW
from bot.judgement.process import ROLE_OFF_RE, ROLE_ON_RE, ROLE_WINDOW
from bot.practice import closure
from bot.practice.case import Case
from bot.practice.matcher import parse_cue, tokens
from bot.practice.memory import (
    asked_before,
    choose,
    choose_by_mood,
    content_words,
    mood_rank,
    remember,
    said,
    similar,
    vary,
)
from bot.practice.state import mood, shift
from bot.practice.topics import related_hidden

EXPLORING = frozenset(
    {"aabent_spoergsmaal", "refleksion", "opsummering", "skalaspoergsmaal", "information_med_tilladelse"}
)
QUESTIONS = frozenset({"aabent_spoergsmaal", "lukket_spoergsmaal"})
PUSHING = frozenset({"overtalelse", "konfrontation"})
CLOSED_STREAK = 3  # the third closed question in a row costs trust
REVEAL_DEPTH = 2  # exploring needed before the first hidden fact; each revealed fact adds REVEAL_STEP
REVEAL_STEP = 2
RELATED_EXTRA = 2  # a related topic (not the hidden one itself) needs this much more depth
AFFIRM_GAIN = 2  # affirmations lift confidence at most this far above the start
PRESSURE_LOSS = 2  # pressure lowers importance/confidence at most this far below the start
BLAME_RE = re.compile(r"egen skyld|tag dig sammen|doven|gider ikke|undskyldning|nu må du", re.IGNORECASE)
_INTERJECTION = re.compile(r"^(?:ja|jo|nej|mm|altså|tja|hm|nå|præcis|lige|okay|øhm|tjo)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Effect:
    openness: int = 0
    resistance: int = 0
    depth: int = 0
    importance: int = 0
    confidence: int = 0


# How each technique code moves the citizen (before RULES adjust it).
EFFECTS: dict[str, Effect] = {
    "aabent_spoergsmaal": Effect(openness=1, depth=1),
    "lukket_spoergsmaal": Effect(),
    "refleksion": Effect(openness=1, resistance=-1, depth=2),
    "opsummering": Effect(openness=1, resistance=-1, depth=2),
    "bekraeftelse": Effect(openness=1, resistance=-1, confidence=1),
    "autonomi": Effect(openness=1, resistance=-2),
    "kontrakt": Effect(openness=1, resistance=-1),
    "timeout": Effect(openness=1),
    "information_med_tilladelse": Effect(resistance=-1),
    "information": Effect(),  # UGU decides: see the rules
    "overtalelse": Effect(openness=-1, resistance=2, importance=-1),
    "konfrontation": Effect(openness=-2, resistance=3, confidence=-1),
    "skalaspoergsmaal": Effect(),  # the scale handler decides
    "afslutning": Effect(),
    "andet": Effect(),
}


@dataclass
class Turn:
    """One trainee line and what the engine knows about it."""

    state: dict
    case: Case
    text: str
    code: str
    codes: tuple[str, ...]
    topics: tuple[str, ...]
    previous_code: str | None
    last_citizen_line: str

    @property
    def topic(self) -> str | None:
        return self.topics[0] if self.topics else None

    @property
    def flags(self) -> dict:
        return self.state["flags"]

    @property
    def authority(self) -> bool:
        """The trainee has announced the authority role (step 8, p. 17) and not taken the hat off:
        the judgement engine's window (``ROLE_WINDOW`` consultant turns)."""
        at = self.flags.get("authority_turn")
        return at is not None and self.state["turn"] - at <= ROLE_WINDOW

    @property
    def explored_before(self) -> bool:
        """UGU: the information follows exploring (the line before) or comes with it (this line)."""
        return self.previous_code in EXPLORING or bool(EXPLORING & set(self.codes))

    @property
    def lecture(self) -> bool:
        return (
            self.code == "information"
            and not self.explored_before
            and not self.flags["permission_pending"]
            and not self.authority
        )


@dataclass(frozen=True)
class Reply:
    text: str
    situation: str
    topic: str | None = None  # the topic the answer is about (a hidden layer it opened included)
    asked: str | None = None  # the topic the trainee's line raised


# --- the rules that adjust EFFECTS -------------------------------------------------------------
def _cued(turn: Turn, cues: tuple[str, ...]) -> bool:
    toks = tokens(turn.text, turn.case.id)
    return any(parse_cue(c, 1.0).span(toks) is not None for c in cues)


def trigger_hit(turn: Turn):
    """The case's resistance trigger the trainee pushes, if any: by persuading, confronting or
    lecturing about it (a question about the same subject is not pushing it), or in any form
    for a trigger marked ``always`` (a phrase that is pressure in itself)."""
    if turn.code in {"skalaspoergsmaal", "afslutning"}:
        return None
    pushing = turn.code in PUSHING or turn.lecture
    return next((t for t in turn.case.triggers if (pushing or t.always) and _cued(turn, t.cues)), None)


def _questions_do_not_win_back_a_resistant_citizen(turn: Turn) -> Effect | None:
    if turn.code == "aabent_spoergsmaal" and turn.state["resistance"] >= 6:
        return Effect(openness=-1)
    return None


def _a_run_of_closed_questions_costs_trust(turn: Turn) -> Effect | None:
    if turn.code == "lukket_spoergsmaal" and turn.state["closed_streak"] + 1 >= CLOSED_STREAK:
        return Effect(openness=-1)
    return None


def _picking_up_the_citizens_words_counts_extra(turn: Turn) -> Effect | None:
    if turn.code in {"refleksion", "opsummering"} and echoes(turn):
        return Effect(openness=1)
    return None


def _a_reflection_beside_another_technique_still_counts(turn: Turn) -> Effect | None:
    if turn.code != "refleksion" and "refleksion" in turn.codes:
        return Effect(openness=1, depth=1)
    return None


def _stressing_free_choice_lowers_resistance(turn: Turn) -> Effect | None:
    if turn.code != "autonomi" and "autonomi" in turn.codes:
        return Effect(resistance=-1)
    return None


def _an_opener_touched_opens_up(turn: Turn) -> Effect | None:
    if turn.code not in EXPLORING | {"bekraeftelse"} or not turn.topics:
        return None
    used = turn.flags.setdefault("openers_used", [])
    for index, opener in enumerate(turn.case.openers):
        if index not in used and set(turn.topics) & set(opener.topics):
            used.append(index)
            return Effect(openness=1)
    return None


def _a_pushed_trigger_adds_resistance(turn: Turn) -> Effect | None:
    """+1 resistance; pressure dressed as a question or a reflection also loses what that gained."""
    if not trigger_hit(turn):
        return None
    if turn.code in PUSHING or turn.lecture:
        return Effect(resistance=1)
    base = EFFECTS[turn.code]
    return Effect(openness=-base.openness, resistance=1 - base.resistance, depth=-base.depth)


def _an_unasked_lecture_adds_resistance(turn: Turn) -> Effect | None:
    if not turn.lecture:
        return None
    return Effect(resistance=2 if turn.flags["lectures"] >= 1 else 1)


def _information_after_permission_lowers_resistance(turn: Turn) -> Effect | None:
    if turn.code == "information" and turn.flags["permission_pending"]:
        return Effect(resistance=-1)
    return None


def _the_announced_authority_role_is_not_punished(turn: Turn) -> Effect | None:
    if turn.authority and turn.code == "konfrontation" and not BLAME_RE.search(turn.text):
        base = EFFECTS["konfrontation"]
        return Effect(openness=-base.openness, resistance=-base.resistance, confidence=-base.confidence)
    return None


RULES: tuple[Callable[[Turn], Effect | None], ...] = (
    _questions_do_not_win_back_a_resistant_citizen,
    _a_run_of_closed_questions_costs_trust,
    _picking_up_the_citizens_words_counts_extra,
    _a_reflection_beside_another_technique_still_counts,
    _stressing_free_choice_lowers_resistance,
    _an_opener_touched_opens_up,
    _a_pushed_trigger_adds_resistance,
    _an_unasked_lecture_adds_resistance,
    _information_after_permission_lowers_resistance,
    _the_announced_authority_role_is_not_punished,
)


def apply_effects(turn: Turn) -> None:
    """Moves the state by the code's EFFECTS and every RULE that applies."""
    s, start = turn.state, turn.case.start
    total = [EFFECTS[turn.code]] + [e for rule in RULES if (e := rule(turn)) is not None]
    for effect in total:
        shift(s, "openness", effect.openness)
        shift(s, "resistance", effect.resistance)
        s["depth"] += effect.depth
        shift(s, "importance", effect.importance, floor=start["importance"] - PRESSURE_LOSS)
        shift(
            s,
            "confidence",
            effect.confidence,
            floor=start["confidence"] - PRESSURE_LOSS,
            ceiling=start["confidence"] + AFFIRM_GAIN,
        )


def echoes(turn: Turn) -> bool:
    """Does the trainee pick up the citizen's own words (a keyword of the case or a content
    word of the citizen's last line)? The handbook's "nøgleord" (p. 12)."""
    low = turn.text.lower()
    if any(k.lower() in low for k in turn.case.keywords):
        return True
    said = {w for w in re.findall(r"[a-zæøå]{6,}", turn.last_citizen_line.lower())}
    return bool(said & set(re.findall(r"[a-zæøå]{6,}", low)))


# --- answering ----------------------------------------------------------------------------------
def line(turn: Turn, situation: str, values: dict | None = None) -> Reply:
    """A fresh line of one of the case's situations, in the citizen's current mood."""
    text = choose_by_mood(turn.state, situation, turn.case.replies[situation], mood(turn.state))
    for key, value in (values or {}).items():
        text = text.replace("{" + key + "}", str(value))
    return Reply(text, situation)


def _can_reveal(turn: Turn, hidden_topic: str, extra: int = 0) -> bool:
    s = turn.state
    fact = turn.case.fact(hidden_topic.removeprefix("hidden_"))
    needed = REVEAL_DEPTH + REVEAL_STEP * len(s["revealed"]) + extra
    return mood(s) == "open" and s["openness"] >= fact.min_openness and s["depth"] >= needed


def _deeper_layer(turn: Turn, topic: str) -> str | None:
    """A hidden topic behind ``topic`` that good exploring has earned (topics.yml ``related``)."""
    if topic.startswith("hidden_") or turn.code not in EXPLORING:
        return None
    for hidden in related_hidden(turn.case.id, topic):
        fact_id = hidden.removeprefix("hidden_")
        if fact_id not in turn.state["revealed"] and _can_reveal(turn, hidden, RELATED_EXTRA):
            return hidden
    return None


def _hidden_bank(turn: Turn, topic: str) -> dict:
    """A hidden topic's lines: the revealing ones only when it may come out (or came out)."""
    bank = turn.case.answers[topic]
    fact_id = topic.removeprefix("hidden_")
    if fact_id in turn.state["revealed"]:
        return bank
    if _can_reveal(turn, topic):
        turn.state["revealed"].append(fact_id)
        return {"open": bank["open"], "guarded": (), "resistant": ()}
    return {"open": (), "guarded": bank["guarded"], "resistant": bank["resistant"], "short": bank["short"]}


def answer_topic(turn: Turn, topic: str, kind: str = "open") -> Reply:
    """The citizen talks about ``topic`` in their mood (``short`` for a closed question)."""
    asked = topic
    topic = _deeper_layer(turn, topic) or topic
    current = mood(turn.state)
    bank = _hidden_bank(turn, topic) if topic.startswith("hidden_") else turn.case.answers[topic]
    revealing = topic.startswith("hidden_") and bool(bank["open"]) and not bank.get("guarded")
    prefixes = tuple(p for m in ("open", "guarded", "resistant") for p in turn.case.lines("repeat_prefix", m))
    if kind == "short" and bank.get("short") and not revealing:
        text = choose(turn.state, f"{topic}:short", bank["short"]) or choose_by_mood(
            turn.state, topic, bank, current, prefixes
        )
    else:
        wanted = "open" if revealing else current
        text = choose_by_mood(turn.state, topic, bank, wanted, prefixes)
    before = asked_before(turn.state, topic)
    words = content_words(turn.text)
    repeated = before and turn.code in QUESTIONS and similar(words, before.get("words") or [])
    already = any(text.startswith(p) for p in prefixes)
    if repeated and mood_rank(current) <= mood_rank(before["mood"]) and not revealing and not already:
        prefix = choose(turn.state, "repeat_prefix", turn.case.lines("repeat_prefix", current))
        text = f"{prefix} {text}" if prefix else text
    remember(turn.state, topic, current, words)
    return Reply(text, "reveal" if revealing else "topic", topic, asked)


def _with_confirmation(turn: Turn, reply: Reply) -> Reply:
    if _INTERJECTION.match(reply.text):
        return reply
    confirm = choose(turn.state, "confirm", turn.case.lines("confirm", mood(turn.state)))
    return Reply(f"{confirm} {reply.text}", reply.situation, reply.topic, reply.asked) if confirm else reply


def _continue(turn: Turn) -> Reply | None:
    """More about what was being talked about, for "Mm" or "Hvad tænker du om det?"."""
    last = turn.state["memory"]["last_topic"]
    if not last:
        return None
    reply = answer_topic(turn, last)
    return Reply(reply.text, "continue", reply.topic, None)


def _fresh_topic(turn: Turn) -> str:
    """Of the topics the line is about, the first not talked about yet (else the best one)."""
    return next((t for t in turn.topics if not asked_before(turn.state, t)), turn.topics[0])


def _question(turn: Turn) -> Reply:
    if turn.topic:
        return answer_topic(turn, _fresh_topic(turn), "short" if turn.code == "lukket_spoergsmaal" else "open")
    if turn.code == "lukket_spoergsmaal":
        return line(turn, "closed")
    if turn.flags.get("information_turn") == turn.state["turn"] - 1:
        # UGU: exploring after information; after the authority role's rules, about the rules.
        return line(turn, "authority_info" if turn.authority else "after_info")
    if refers_back(turn.text):
        return _continue(turn) or line(turn, "clarify")
    # A question about something the citizen cannot place ("Hvem er vigtige for dig?" when no topic
    # was found): asking what is meant is in character; going on about the last topic is a non-sequitur.
    return line(turn, "clarify")


# "Mm", "Hvad tænker du om det?", "Kan du fortælle mere?": short, or pointing back at what was said.
BACK_REFERENCES = frozenset({"det", "dét", "den", "dem", "mere", "uddyb", "uddybe", "sådan"})
SHORT_PROMPT_WORDS = 3
BACK_REFERENCE_MAX_WORDS = 8


def refers_back(text: str) -> bool:
    """A prompt to go on with the thread rather than a question about something new."""
    words = cue_words(text)
    if len(words) <= SHORT_PROMPT_WORDS:
        return True
    return len(words) <= BACK_REFERENCE_MAX_WORDS and not BACK_REFERENCES.isdisjoint(words)


def _correction(turn: Turn) -> Reply | None:
    for correction in turn.case.corrections:
        if _cued(turn, correction.cues):
            text = choose(turn.state, "correction", correction.replies) or vary(
                turn.state, "correction", correction.replies
            )
            return Reply(text, "correction")
    return None


def _reflection(turn: Turn) -> Reply:
    corrected = _correction(turn)
    if corrected:
        return corrected
    if turn.topic:
        return _with_confirmation(turn, answer_topic(turn, turn.topic))
    if echoes(turn) and turn.state["memory"]["last_topic"]:
        return _with_confirmation(turn, _continue(turn))
    return line(turn, "reflection")


def _summary(turn: Turn) -> Reply:
    return line(turn, "summary")


def _information(turn: Turn) -> Reply:
    flags = turn.flags
    flags["information_given"] += 1
    flags["information_turn"] = turn.state["turn"]
    if turn.authority:
        return line(turn, "authority_info")
    if flags["permission_pending"]:
        flags["permission_pending"] = False
        flags["information_with_permission"] += 1
        return line(turn, "info_after_permission")
    if not turn.lecture:
        return line(turn, "info_after_permission")
    flags["lectures"] += 1
    if turn.state["resistance"] >= 5:
        flags["pushbacks"] += 1
        return line(turn, "pushback")
    return line(turn, "info_unasked")


def _trigger_reply(turn: Turn, trigger) -> Reply:
    turn.flags["pushbacks"] += 1
    text = choose(turn.state, f"trigger:{trigger.label}", trigger.replies) or line(turn, "pushback").text
    return Reply(text, "trigger")


def _permission(turn: Turn) -> Reply:
    flags = turn.flags
    flags["permission_asked"] += 1
    if len(turn.text.split()) > 25:  # permission and the information in one go
        flags["information_given"] += 1
        flags["information_with_permission"] += 1
        return line(turn, "info_after_permission")
    flags["permission_pending"] = True
    return line(turn, "permission_yes")


def _pressure(turn: Turn) -> Reply:
    if turn.authority and turn.code == "konfrontation" and not BLAME_RE.search(turn.text):
        return line(turn, "authority_info")
    turn.flags["pushbacks"] += 1
    return line(turn, "pushback_hard" if turn.state["resistance"] >= 6 else "pushback")


def _contract(turn: Turn) -> Reply:
    flags = turn.flags
    if not flags["contract"]:
        flags["contract_turn"] = turn.state["turn"]
    flags["contract"] = True
    if turn.state["turn"] <= CONTRACT_WINDOW:
        flags["contract_at_start"] = True
    reply = line(turn, "contract")
    # The contract replies say what the citizen booked for and wants from the conversation.
    topic = "booked_topic" if "booked_topic" in turn.topics else None
    return Reply(reply.text, reply.situation, topic, topic)


def _timeout(turn: Turn) -> Reply:
    turn.flags["timeouts"] += 1
    return line(turn, "timeout")


def _simple(situation: str) -> Callable[[Turn], Reply]:
    return lambda turn: line(turn, situation)


def _other(turn: Turn) -> Reply:
    if turn.topic:
        return answer_topic(turn, turn.topic)
    if len(turn.text.split()) <= 3:
        return _continue(turn) or line(turn, "other")
    return line(turn, "other")


# --- scaling (handbook p. 13: ask for a number, then explore downward first) ---------------------
def _scale_kind(flags: dict, info: dict) -> str:
    if info["kind"]:
        return info["kind"]
    if info["move"] in {"down", "up"} and flags["last_scale_kind"]:
        return flags["last_scale_kind"]
    for kind in ("importance", "confidence"):
        if not flags["scaling"][kind]["asked"]:
            return kind
    return flags["last_scale_kind"] or "importance"


_ASKS_FOR_A_NUMBER = re.compile(r"\bskala\b|\b(?:fra\s+)?(?:1|en|et|én)\s+til\s+(?:10|ti)\b", re.IGNORECASE)


def _scale_info(text: str) -> dict:
    """The coder's reading of a scaling line; "fra 1 til 10" names the scale, not a move from 1 to 10."""
    info = dict(scaling_info(text))
    if info["move"] in {"down", "up"} and info["number"] in {1, 10, None} and _ASKS_FOR_A_NUMBER.search(text):
        if not re.search(r"\bog ikke\b|\bikke (?:en|et|på)\b|\bhøjere\b|\blavere\b", text, re.IGNORECASE):
            info["move"], info["number"] = "ask", None
    return info


def _scale(turn: Turn) -> Reply:
    s, flags = turn.state, turn.flags
    info = _scale_info(turn.text)
    kind = _scale_kind(flags, info)
    scale = flags["scaling"][kind]
    move = info["move"]
    if move in {"down", "up"} and not scale["asked"] and info["number"] is None:
        move = "ask"
    flags["last_scale_kind"] = kind
    if move == "down":
        scale["asked"] = True
        if not scale["explored_down"]:
            shift(s, kind, 1)
        scale["explored_down"] = True
        shift(s, "openness", 1)
        s["depth"] += 1
        return line(turn, f"down_{kind}")
    if move == "up":
        scale["asked"] = True
        if not scale["explored_down"]:
            scale["explored_up_first"] = True
            shift(s, "resistance", 1)
        return line(turn, "explore_up")
    scale["asked"] = True
    scale["value"] = s[kind]
    return line(turn, f"scale_{kind}", {"n": s[kind]})


# --- closure ---------------------------------------------------------------------------------------
def _closure(turn: Turn) -> Reply:
    outcome = closure.handle(turn.state, turn.case, turn.text, turn.code)
    if outcome.line:
        return Reply(outcome.line, "closure")
    return line(turn, outcome.situation or "other", outcome.values)


HANDLERS: dict[str, Callable[[Turn], Reply]] = {
    "aabent_spoergsmaal": _question,
    "lukket_spoergsmaal": _question,
    "refleksion": _reflection,
    "opsummering": _summary,
    "information": _information,
    "information_med_tilladelse": _permission,
    "bekraeftelse": _simple("affirmation"),
    "autonomi": _simple("autonomy"),
    "overtalelse": _pressure,
    "konfrontation": _pressure,
    "kontrakt": _contract,
    "timeout": _timeout,
    "skalaspoergsmaal": _scale,
    "afslutning": _closure,
    "andet": _other,
}


def _count_segments(turn: Turn) -> None:
    """Bookkeeping for the feedback: summaries, and information given inside another technique."""
    flags = turn.flags
    if "opsummering" in turn.codes or turn.code == "opsummering":
        flags["summaries"] += 1
    if turn.code not in {"information", "information_med_tilladelse"} and "information" in turn.codes:
        flags["information_given"] += 1
        if flags["permission_pending"]:
            flags["information_with_permission"] += 1
            flags["permission_pending"] = False


_FEELING_STATEMENT = re.compile(
    r"^\s*(?:(?:så|og|men)\s+)?du\s+(?:får|føler|er|synes|tænker|oplever|savner|har|bliver|blev|var|kan ikke|vil gerne|"
    r"vil helst|kunne godt|er ikke|har ikke)\b",
    re.IGNORECASE,
)
_DIRECTIVE = re.compile(r"\b(?:skal|bør|burde|må|nødt)\b", re.IGNORECASE)


_GENERAL_INFORMATION = re.compile(
    r"\b(?:der (?:er|findes|kommer)|man kan|mange|reglerne|regler|kommunen|jobcentret|a-kassen|typisk|ret til|"
    r"pligt|du kan (?:få|søge|se|tage)|det kræver|det tager)\b",
    re.IGNORECASE,
)
_ABOUT_YOU = re.compile(r"\b(?:du|dig|din|dit|dine)\b", re.IGNORECASE)
_ASKS_TO_TELL = re.compile(r"\b(?:jeg|mig)\b", re.IGNORECASE)


def reaction_code(code: str, text: str, topics: tuple[str, ...], on_the_thread: bool) -> str:
    """The technique the citizen reacts to: the coder's code, read in context where the coder is
    known to stumble.

    * A statement about the citizen's own experience ("Du får det dårligt, når …", "Så arbejdet
      med de gamle tog hårdt på dig") is a reflection even when the coder reads it as
      information: it is about the citizen, has no directive and no general information.
    * "Vil du give mig et overblik over …" about a topic of the case is an invitation to tell,
      not a request for permission to inform.
    """
    is_question = text.rstrip().endswith("?")
    if code == "information" and not is_question and not _DIRECTIVE.search(text):
        if _GENERAL_INFORMATION.search(text):
            return code
        if _FEELING_STATEMENT.match(text) and on_the_thread:
            return "refleksion"
        if topics and _ABOUT_YOU.search(text):
            return "refleksion"
    if (
        code == "information_med_tilladelse"
        and topics
        and is_question
        and not _ASKS_TO_TELL.search(re.sub(r"\b(?:give|fortælle|vise) mig\b", "", text, flags=re.IGNORECASE))
    ):
        return "aabent_spoergsmaal"
    return code


def react(turn: Turn) -> Reply:
    """Moves the state for the trainee's line and returns the citizen's reply."""
    flags = turn.flags
    low = turn.text.lower()
    if ROLE_ON_RE.search(low):
        flags["authority_turn"] = turn.state["turn"]
    elif ROLE_OFF_RE.search(low):
        flags["authority_turn"] = None
    in_closure = closure.claims(turn.state, turn.text, turn.code)
    _count_segments(turn)
    apply_effects(turn)
    turn.state["closed_streak"] = turn.state["closed_streak"] + 1 if turn.code == "lukket_spoergsmaal" else 0
    trigger = None if in_closure or turn.authority else trigger_hit(turn)
    if trigger:
        reply = _trigger_reply(turn, trigger)
    else:
        reply = (_closure if in_closure else HANDLERS[turn.code])(turn)
    if turn.topics:  # the thread is now what the trainee raised (or the deeper layer it opened)
        turn.state["memory"]["last_topic"] = reply.topic or _fresh_topic(turn)
    if reply.text in said(turn.state):  # the last guard: never the same reply twice in a practice
        reply = Reply(vary(turn.state, reply.situation, [reply.text]), reply.situation, reply.topic, reply.asked)
    return reply


assert set(HANDLERS) == set(EFFECTS)
