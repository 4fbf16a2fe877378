"""Agreements in a conversation and their SMART check: the one agreement detector.

``detect_agreements(turns) -> list[Agreement]`` is the stable entry point for every caller
(feedback, transcript review, the practice simulator). ``turns`` are dicts
``{"speaker": "K"|"A"|"B", "text": ...}`` (or ``bot.judgement.turns.Turn``).

An agreement (handbook trin 9, s. 19: "aftaler og planlægning af næste skridt") is a next step
for the citizen, stated in the closing phase, that the citizen formulates or explicitly agrees
to ("ja", "okay", "det gør jeg"). One agreement per distinct action: details given afterwards
("På tirsdag."), the consultant's restatement and the citizen's confirmation belong to the same
one. The consultants' own tasks are not agreements; neither is a demand the citizen does not
agree to.

SMART (s. 30): specific, measurable and time-bound come from the plan store's checker
(``bot.plan.agreements.parse_agreement``, the only SMART checker), fed with the citizen's words
and their answers to "Hvornår?" / "Hvor mange?". Accepted and realistic are read from the
conversation, from the citizen's point of view as the handbook asks: a yes given with a
reservation or after objecting is not acceptance; saying it cannot be done makes it unrealistic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from bot.judgement.process import AGREEMENT_ASK_RE, PROPOSAL_RE, closing_start, detect_closure, detect_contract
from bot.judgement.questions import CLOSED, OPEN, sentence_form
from bot.judgement.turns import CITIZEN, Turn, as_turns, is_present_verb, lemma_pairs
from bot.plan.agreements import AgreementAnswers, parse_agreement
from bot.plan.deadlines import QuestionReason
from bot.plan.errors import PlanError

# Deadlines in a transcript are read against a fixed day, so a conversation is judged the same
# on every day it is reviewed (only *whether* there is a deadline matters here).
REFERENCE_DAY = date(2026, 1, 5)
DEADLINE_TO_SETTLE = frozenset(
    {QuestionReason.CONFLICT, QuestionReason.AMBIGUOUS_WEEKDAY, QuestionReason.NEXT_CONVERSATION_UNKNOWN}
)
SMART_KEYS = ("specific", "measurable", "accepted", "realistic", "time_bound")

MORE_ASK_RE = re.compile(r"^(?:og )?hvad med\b|\ber der (?:andet|mere|noget andet)\b|\bog hvad (?:med|mere)\b")
DETAIL_ASK_RE = re.compile(
    r"^(?:og )?hvornår\b|\bhvor mange\b|\bhvilken dag\b|\bhvor tit\b|\bhvordan vil du gøre det\b|\bhvem (?:vil|skal)\b"
)
REALISM_ASK_RE = re.compile(
    r"\btror du (?:selv )?på,? at du\b|\bkan det lade sig gøre\b|\ber det realistisk\b|\bhvordan har du det med det\b|"
    r"\bhvor sikker er du\b|\bkan du nå\b|\btror du,? (?:du|at du) kan nå\b|\bnår du (?:det|begge)\b"
)
EVALUATION_OR_LOOK_BACK_RE = re.compile(r"\bsynes du om\b|\btager du (?:selv )?med\b|\boplevet\b|\bbruge af det\b")
NOT_ACTION = (
    r"(?!(?:er|har|ved|tror|synes|tænker|føler|mener|håber|glæder|savner|troede|var|kunne|skulle|havde|kan godt|"
    r"går herfra|vil gerne have|må se|aner|gider|orker)\b)"
)
COMMITMENT_RE = re.compile(
    r"^(?:(?:ja|jo|okay|ok|og|men|jamen|fint|godt|nå)[,.]?\s+)*"
    r"(?:jeg (?:tænker|tror|regner med),? (?:at )?(?=jeg (?:vil|skal|kan)\b))?"
    r"(?:(?:så )?jeg (?:vil |skal (?:nok )?|kan |må |gerne )?(?:prøver at )?" + NOT_ACTION + r"[a-zæøå]+|"
    r"så (?:vil|skal|prøver|ringer|skriver|søger|sender|går|booker|kigger) jeg\b|"
    r"(?:mit|det) (?:første|næste) skridt (?:er|bliver)\b|(?:den|det|dem) [a-zæøå]+er jeg\b(?!.*\bikke\b)|"
    r"det (?:første|næste),? jeg gør\b|jeg har (?:tænkt|besluttet) mig (?:at|for at)\b)"
)
# The citizen as the subject of a step they will take, in either word order ("Jeg ringer …",
# "Dér søger jeg …", "Så sender jeg …"), read from the lemmas: a present-tense verb or a modal
# with an infinitive next to "jeg". States and opinions are not steps.
STATE_LEMMAS = frozenset(
    "tro syne synes håbe mene føle vide tænke glæde savne gide orke ane være have hedde kende elske hade "
    "mangle ligge sidde bo forstå høre lyde kunne regne nå".split()
)
MODALS = frozenset({"vil", "skal", "kan", "må"})
FILLERS = frozenset({"gerne", "nok", "bare", "også", "lige", "så", "først", "selv", "altså", "jo"})
NEGATIONS = frozenset({"ikke", "aldrig", "næppe", "ingen"})


def _action_verb(pairs: tuple[tuple[str, str], ...], index: int) -> bool:
    """A present-tense action verb at ``index``, or a modal with an action infinitive after it."""
    if not 0 <= index < len(pairs):
        return False
    word, lemma = pairs[index]
    if word in MODALS:
        rest = [p for p in pairs[index + 1 :] if p[0] not in FILLERS and p[0] != "jeg"]
        able = index + 1 < len(pairs) and "godt" in (pairs[index + 1][0], pairs[min(index + 2, len(pairs) - 1)][0])
        return bool(rest) and not able and rest[0][0] not in NEGATIONS | MODALS and rest[0][1] not in STATE_LEMMAS
    return is_present_verb(word, lemma) and lemma not in STATE_LEMMAS


def commits(sentence: str) -> bool:
    """The citizen says they will take a step (see ``STATE_LEMMAS``); a negated one is no step."""
    pairs = lemma_pairs(sentence)
    for i, (word, _) in enumerate(pairs):
        if word != "jeg":
            continue
        verb = i + 1 if _action_verb(pairs, i + 1) else i - 1 if i >= 2 and _action_verb(pairs, i - 1) else None
        if verb is not None and not any(w in NEGATIONS for w, _ in pairs[verb + 1 : verb + 4]):
            return True
    return False


YES_RE = re.compile(
    r"^(?:ja|jo|jep|okay|ok|fint|aftale|det gør jeg|det kan jeg|det vil jeg|lyder godt|det lyder (?:godt|fint|rigtigt)|"
    r"selvfølgelig|klart|gerne|helt sikkert|det er en aftale|det gør vi|det vil jeg gerne)\b"
    r"(?!,? (?:ikke|aldrig))|"
    r"(?:,|\bmen|\bså)\s*(?:okay|ok|ja|fint|det gør jeg)\b[.!]?\s*$"
)
RESERVATION_RE = re.compile(
    r"\bhvis jeg skal\b|\bmen okay\b|\bnår jeg aldrig\b|\bfor mange\b|^ja,? ja\b|\bjeg må vel\b|\bså må jeg vel\b|"
    r"\bhvis det skal være\b|\bdet bliver svært\b|\bhvis du (?:siger det|synes|mener|vil)\b|\bhvis det er det,? der skal til\b"
)
DOUBT_RE = re.compile(
    r"\bnår (?:jeg )?(?:det )?aldrig\b|\bfor mange\b|\bkan ikke nå\b|\bhvordan skal jeg nå\b|\bdet bliver svært\b|"
    r"\bdet tror jeg ikke\b|\bdet kan jeg ikke\b|\bumuligt\b|\bdet når jeg ikke\b"
)
NO_RE = re.compile(r"^(?:nej|næ|nix)\b|\bdet tror jeg ikke\b|\bdet når jeg ikke\b|\bdet kan jeg ikke\b")
INTERJECTION_RE = re.compile(r"^(?:(?:ja|jo|okay|ok|fint|godt|nå|jamen|og|men)\b[,.!]?\s*)+", re.IGNORECASE)
# A lead-in before the step itself ("Det første, jeg gør, er at ringe …" → "ringe …").
STEP_LEAD_RE = re.compile(
    r"^(?:(?:mit|det) (?:første|næste) skridt (?:er|bliver)|det (?:første|næste),? jeg gør,? er|"
    r"jeg har (?:tænkt|besluttet) mig(?: for)?)\s*,?\s*(?:at\s+)?",
    re.IGNORECASE,
)
MEETING_CLAUSE_RE = re.compile(r",?\s*og (?:så )?(?:ses vi|vi ses)\b.*$", re.IGNORECASE)


@dataclass
class Agreement:
    """One agreement: the words it was made of, who formulated it, and its SMART check."""

    text: str
    by: str  # "citizen" (formulated by the citizen) or "consultant" (proposed and agreed to)
    turn: int  # position of the turn that states or accepts it
    smart: dict[str, bool] = field(default_factory=dict)
    deadline: str | None = None
    measure: str | None = None
    accepted: bool = True
    realistic: bool = True

    @property
    def is_smart(self) -> bool:
        return all(self.smart.get(k) for k in SMART_KEYS)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "by": self.by,
            "position": self.turn,
            "smart": {**self.smart, "smart": self.is_smart},
        }


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]


def _commitment(text: str) -> tuple[str, str] | None:
    """The citizen's words from the first sentence that commits to an action, and the words before
    it in the same turn (they may hold its day: "Der er åbent hus torsdag. Jeg melder mig til.")."""
    sentences = _sentences(text)
    for i, sentence in enumerate(sentences):
        if sentence_form(sentence) is None and (COMMITMENT_RE.search(sentence.lower()) or commits(sentence)):
            return " ".join(sentences[i:]), " ".join(sentences[:i])
    return None


def _accepts(text: str) -> bool:
    """A yes to a proposal, first or after a doubt ("Fem? Det når jeg aldrig. Men okay, så …")."""
    return any(YES_RE.search(re.sub(r"^(?:men|så|og|nå)\s+", "", s.lower())) for s in _sentences(text))


def smart_flags(text: str, *, accepted: bool, realistic: bool, answers: AgreementAnswers | None = None) -> dict:
    """SMART flags of an agreement text by the plan store's checker; accepted/realistic as judged.

    ``{"specific", "measurable", "accepted", "realistic", "time_bound", "smart"}`` (all bool).
    """
    try:
        body = STEP_LEAD_RE.sub("", INTERJECTION_RE.sub("", MEETING_CLAUSE_RE.sub("", text))) or text
        draft = parse_agreement(body, REFERENCE_DAY, answers=answers)
        # Two dates for two parts of one step ("… på søndag og sender det inden mandag") are both
        # deadlines: the step is time-bound even though the plan store would ask which one to save.
        # The same holds for a weekday the plan store must ask about ("inden næste onsdag": this week's
        # or next week's?) and "inden næste samtale" before the store knows its date.
        timed = draft.time_bound or draft.deadline_reason in DEADLINE_TO_SETTLE
        flags = {"specific": draft.specific, "measurable": draft.measurable, "time_bound": timed}
    except PlanError:
        flags = {"specific": False, "measurable": False, "time_bound": False}
    flags = {**flags, "accepted": bool(accepted), "realistic": bool(realistic)}
    return {**flags, "smart": all(flags.values())}


@dataclass
class _Draft:
    text: str
    by: str
    position: int
    deadline: str | None = None
    measure: str | None = None
    accepted: bool = True
    realistic: bool = True
    context: str = ""  # the citizen's words before the step in the same turn
    topic: str = ""  # what the consultant's question named ("Hvad med SFO-sporet?")

    def finish(self) -> Agreement:
        answers = AgreementAnswers(deadline=self.deadline, measure=self.measure)
        around = "; ".join(part.rstrip(" .") for part in (self.topic, self.context) if part)
        checked = f"{self.text.rstrip(' .')} ({around})" if around else self.text
        smart = smart_flags(checked, accepted=self.accepted, realistic=self.realistic, answers=answers)
        return Agreement(
            self.text, self.by, self.position, smart, self.deadline, self.measure, self.accepted, self.realistic
        )


def _questions(turn: Turn) -> list[str]:
    return [s.lower() for s in turn.sentences if sentence_form(s) in (OPEN, CLOSED)]


def _ask_kind(turn: Turn) -> str | None:
    asked = _questions(turn)
    for kind, pattern in (("detail", DETAIL_ASK_RE), ("realism", REALISM_ASK_RE)):
        if any(pattern.search(q) for q in asked):
            return kind
    if any(AGREEMENT_ASK_RE.search(q) or MORE_ASK_RE.search(q) for q in asked):
        return "new"
    if any(EVALUATION_OR_LOOK_BACK_RE.search(q) for q in asked):
        return "other"
    return None


ASKED_TOPIC_RE = re.compile(r"^(?:og )?hvad med (?P<topic>[^?]+)\?", re.IGNORECASE)


def _asked_topic(turn: Turn) -> str:
    """The thing a "Hvad med …?" question asks about ("Hvad med SFO-sporet?" → "SFO-sporet")."""
    for sentence in turn.sentences:
        found = ASKED_TOPIC_RE.search(sentence.strip())
        if found and not re.match(r"(?:at|om)\b", found.group("topic").strip(), re.IGNORECASE):
            return found.group("topic").strip()
    return ""


def _proposal(turn: Turn) -> str | None:
    """The step a consultant proposes ("Så siger vi, at du søger …"), without the lead-in."""
    found = PROPOSAL_RE.search(turn.low)
    if not found:
        return None
    lead = turn.text[: found.end()]
    verb = re.search(r"\bså (\w+) du$", lead, re.IGNORECASE)  # "Så søger du …": keep the verb
    rest = re.sub(r"^(?:at\s+)", "", turn.text[found.end() :].lstrip(" ,:"), flags=re.IGNORECASE)
    if verb:
        rest = f"{verb.group(1)} {rest}"
    sentence = re.split(r"(?<=[.!?])\s+", rest.strip())[0]
    return MEETING_CLAUSE_RE.sub("", sentence).strip(" .?") or None


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-zæøå]{4,}", text.lower()) if w not in {"inden", "til", "næste", "gerne"}}


def same_action(a: str, b: str) -> bool:
    """Two wordings of one step: at least half the content words of the shorter one recur."""
    x, y = _content(a), _content(b)
    small = min(len(x), len(y))
    return small > 0 and len(x & y) * 2 >= small


class _Reader:
    """Walks the closing phase turn by turn (one method per kind of turn, each short)."""

    def __init__(self, looking_back: frozenset[int] = frozenset()) -> None:
        # consultant turns (positions) that ask for the recap or the evaluation: what the citizen
        # answers to them is a look back or an opinion, not a next step
        self.looking_back = looking_back
        self.drafts: list[_Draft] = []
        self.ask: str | None = None
        self.proposal: _Draft | None = None
        self.objected = False
        self.detail_key = "deadline"
        self.revising = False  # a proposal made while the last agreement is being made concrete
        self.topic = ""

    def consultant(self, turn: Turn) -> None:
        proposed = _proposal(turn)
        if proposed:
            self.revising = bool(self.drafts) and self.ask in ("detail", "realism")
            self.proposal, self.objected = _Draft(proposed, "consultant", turn.position), False
            self.ask = "proposal"
            return
        kind = _ask_kind(turn)
        if kind is None and turn.position in self.looking_back:
            kind = "other"
        self.ask = kind or ("proposal" if self.proposal else None)
        self.topic = _asked_topic(turn) if self.ask == "new" else ""
        if self.ask == "detail":
            asked = " ".join(_questions(turn))
            many = bool(re.search(r"\bhvor mange\b|\bhvor tit\b", asked))
            when = bool(re.search(r"\bhvornår\b|\bhvilken dag\b", asked))
            self.detail_key = "both" if many and when else "measure" if many else "deadline"

    def citizen(self, turn: Turn) -> None:
        low = turn.low.strip()
        asked = self.ask
        if self.ask == "proposal" and self.proposal is not None:
            self._answer_proposal(turn, low)
        elif self.ask == "detail" and self.drafts:
            self._detail(turn, low)
        elif self.ask == "realism" and self.drafts:
            self.drafts[-1].realistic = not (NO_RE.search(low) or DOUBT_RE.search(low))
        elif self.ask != "other":
            self._commit(turn, low)
        self.ask = asked if asked in ("detail", "realism") else None  # kept to spot a revising proposal

    def _answer_proposal(self, turn: Turn, low: str) -> None:
        draft = self.proposal
        if _accepts(turn.text):
            draft.accepted = not (self.objected or RESERVATION_RE.search(low))
            draft.realistic = draft.realistic and not DOUBT_RE.search(low)
            draft.position = turn.position
            if self.revising:
                self.drafts[-1] = draft  # the consultant's version replaces the one being negotiated
            elif not any(same_action(draft.text, d.text) for d in self.drafts):
                self.drafts.append(draft)
            self.proposal = None
        else:
            self.objected = True
            if DOUBT_RE.search(low) or RESERVATION_RE.search(low):
                draft.realistic = False

    def _detail(self, turn: Turn, low: str) -> None:
        draft = self.drafts[-1]
        for key in ("measure", "deadline") if self.detail_key == "both" else (self.detail_key,):
            setattr(draft, key, turn.text)
        if DOUBT_RE.search(low):
            draft.realistic = False

    def _commit(self, turn: Turn, low: str) -> None:
        found = _commitment(turn.text)
        if found is None:
            if self.drafts and DOUBT_RE.search(low):
                self.drafts[-1].realistic = False
            return
        words, context = found
        if self.drafts and self.ask != "new" and same_action(words, self.drafts[-1].text):
            return  # the same step said again ("Ja, jeg ringer til dem på mandag.")
        draft = _Draft(words, "citizen", turn.position, context=context, topic=self.topic)
        draft.accepted = not RESERVATION_RE.search(low)
        draft.realistic = not DOUBT_RE.search(low)
        self.drafts.append(draft)


def _as_turn_list(turns: Iterable[Mapping] | list[Turn]) -> list[Turn]:
    items = list(turns or ())
    if items and all(isinstance(t, Turn) for t in items):
        return items
    return as_turns(t for t in items if isinstance(t, Mapping))


def detect_agreements(turns: Iterable[Mapping] | list[Turn]) -> list[Agreement]:
    """The agreements made in the conversation's closing phase, each with its SMART check."""
    items = _as_turn_list(turns)
    consultant = [t for t in items if t.consultant]
    contract = detect_contract(consultant)
    start = closing_start(consultant, contract.end_position)
    if start is None:
        return []
    closure = detect_closure(items, consultant, contract)
    numbers = set(closure.summary_turns) | set(closure.evaluation_turns)
    reader = _Reader(frozenset(t.position for t in consultant if t.number in numbers))
    for turn in (t for t in items if t.position >= start):
        if turn.consultant:
            reader.consultant(turn)
        elif turn.speaker == CITIZEN:
            reader.citizen(turn)
    return [draft.finish() for draft in reader.drafts]
