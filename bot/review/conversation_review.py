"""The review model: what a supervisor sees of one conversation, built from Rasa's tracker events.

Pure Python over event dicts (the JSON Rasa stores), so it runs in the Rasa server's tracker
store, in the web app and in tests alike, and never loads spaCy or the coder.

One Rasa sender can hold several conversations in a row (a REST client reuses its sender id;
the web cockpit uses one per conversation), so ``split_conversations`` cuts the events where a
conversation starts: the guide's clock slot ``guide_started_at`` changes, or a practice begins
(``practice_active`` turns true). ``review`` then reads one conversation:

- guide: the steps from the guide payload of each reply (``{"guide": {"step", "tool"}}``), so
  the timeline shows where the consultant was and for how long; timeouts are visits to step 6;
  agreements and scaling readings come from the plan store (``PlanFacts``), which holds their
  SMART status; the transcript is the consultant's requests and the guide's answers. Each
  metric names its handbook source; the handbook sets no time for the contract and no interval
  for timeouts, and a scaling question is optional, so none of these is judged by a clock.
- practice: the trainee's lines with the coder's codes (kept in the ``practice_state`` slot)
  and the feedback payload sent when the exercise ended, judged by ``bot.judgement``; its
  metrics carry their own label, value, rule and source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.core.sender import username_of
from bot.guide.session import CLOSURE_STEP, TIMEOUT_STEP
from bot.judgement.sources import METRIC_ORDER, SOURCES

GREEN, YELLOW, RED = "green", "yellow", "red"
CONTRACT_STEP = 3
CONTENT_STEPS = frozenset({4, 5, 6, 7, 8})  # the contract belongs before these (trin 3 opens the conversation)
SMART_PARTS = ("specific", "measurable", "accepted", "realistic", "time_bound")


# --- the shapes ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class StepVisit:
    step: int
    start_s: float  # seconds from the conversation's start
    end_s: float

    @property
    def minutes(self) -> float:
        return max(0.0, self.end_s - self.start_s) / 60


@dataclass(frozen=True)
class TranscriptLine:
    speaker: str  # "K" consultant/trainee, "B" citizen (practice), "G" the guide's answer
    text: str
    at_s: float | None = None
    code: str | None = None
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    value: str  # shown as is
    status: str  # green / yellow / red
    threshold: str  # what green and yellow mean, in Danish
    number: float | None = None  # for trends
    source: str = ""  # where the rule comes from (handbook section and page, or MITI), in Danish
    supplementary: bool = False  # MITI or the exercise's own measure: shown apart, weighted less


@dataclass(frozen=True)
class AgreementFacts:
    text: str
    smart: bool
    missing: tuple[str, ...] = ()
    number: int | None = None
    owner: str | None = None
    deadline: str | None = None  # ISO date
    status: str | None = None


@dataclass(frozen=True)
class ScalingFacts:
    kind: str  # importance / confidence
    value: int
    at: datetime | None = None


@dataclass(frozen=True)
class PlanFacts:
    """What the plan store recorded in one guide conversation."""

    agreements: tuple[AgreementFacts, ...] = ()
    scaling: tuple[ScalingFacts, ...] = ()
    contract: bool = False


@dataclass
class LoggedConversation:
    sender_id: str
    mode: str  # guide / practice
    start_ts: float
    events: list[dict] = field(default_factory=list)
    guide_start: float | None = None

    @property
    def end_ts(self) -> float:
        stamps = [e["timestamp"] for e in self.events if isinstance(e.get("timestamp"), (int, float))]
        return max(stamps, default=self.start_ts)

    @property
    def plan_key(self) -> str | None:
        """The plan store's ``conversation.external_id`` (see ``actions.base.conversation_key``)."""
        return f"{self.sender_id}:{int(self.guide_start)}" if self.mode == "guide" and self.guide_start else None


@dataclass(frozen=True)
class ConversationReview:
    sender_id: str
    mode: str
    start_ts: float
    end_ts: float
    consultant: str
    citizen_ref: str | None
    case_id: str | None
    topic: str | None
    booked_min: int | None
    plan_key: str | None
    user_turns: int
    timeline: tuple[StepVisit, ...]
    timeouts: tuple[float, ...]  # seconds from the start
    tools: tuple[tuple[str, float], ...]  # (tool, seconds from the start)
    agreements: tuple[AgreementFacts, ...]
    scaling: tuple[ScalingFacts, ...]
    ended: bool
    closure_completed: bool
    transcript: tuple[TranscriptLine, ...]
    metrics: tuple[Metric, ...]
    feedback: dict | None = None  # practice: the feedback payload's inner dict
    score: int | None = None

    @property
    def started_at(self) -> datetime:
        return datetime.fromtimestamp(self.start_ts, UTC)

    @property
    def duration_s(self) -> int:
        return max(0, round(self.end_ts - self.start_ts))

    @property
    def steps_visited(self) -> tuple[int, ...]:
        return tuple(sorted({visit.step for visit in self.timeline}))

    def minutes_per_step(self) -> dict[int, float]:
        minutes: dict[int, float] = {}
        for visit in self.timeline:
            minutes[visit.step] = minutes.get(visit.step, 0.0) + visit.minutes
        return minutes

    def metric_summary(self) -> dict[str, dict[str, Any]]:
        """The metrics as stored in the review index (for lists and trends)."""
        return {m.id: {"status": m.status, "value": m.number} for m in self.metrics}


# --- splitting a sender's events into conversations --------------------------------------------------
def _slot(event: Mapping, name: str) -> tuple[bool, Any]:
    if event.get("event") == "slot" and event.get("name") == name:
        return True, event.get("value")
    return False, None


def _last_user_index(events: Sequence[Mapping]) -> int | None:
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "user":
            return index
    return None


def _timestamp(event: Mapping) -> float | None:
    value = event.get("timestamp")
    return float(value) if isinstance(value, (int, float)) else None


def split_conversations(sender_id: str, events: Iterable[Mapping]) -> list[LoggedConversation]:
    """The conversations in one sender's events, oldest first (events before the first start join it)."""
    conversations: list[LoggedConversation] = []
    current: LoggedConversation | None = None
    pending: list[dict] = []

    def begin(mode: str, guide_start: float | None) -> LoggedConversation:
        nonlocal pending
        source = current.events if current is not None else pending
        cut = _last_user_index(source) if current is not None else 0
        moved = source[cut:] if cut is not None else []
        del source[len(source) - len(moved) :]
        stamps = [t for t in (_timestamp(e) for e in moved) if t is not None]
        start = min(stamps + ([guide_start] if guide_start else [])) if stamps or guide_start else 0.0
        conversation = LoggedConversation(sender_id, mode, start, list(moved), guide_start)
        conversations.append(conversation)
        pending = []
        return conversation

    for raw in events:
        event = dict(raw)
        is_clock, clock = _slot(event, "guide_started_at")
        is_practice, practice_on = _slot(event, "practice_active")
        if is_clock and clock and (current is None or current.mode != "guide" or current.guide_start != clock):
            current = begin("guide", float(clock))
        elif is_practice and practice_on and (current is None or current.mode != "practice" or _ended(current)):
            current = begin("practice", None)
        (current.events if current is not None else pending).append(event)
    if current is None and any(e.get("event") == "user" for e in pending):
        start = min(t for t in (_timestamp(e) for e in pending) if t is not None)
        conversations.append(LoggedConversation(sender_id, "guide", start, pending, None))
    return [c for c in conversations if c.events]


def _ended(conversation: LoggedConversation) -> bool:
    end_action = "action_end_practice" if conversation.mode == "practice" else "action_end_conversation"
    return any(e.get("event") == "action" and e.get("name") == end_action for e in conversation.events)


# --- reviewing one conversation ------------------------------------------------------------------
def _last_slot(events: Sequence[Mapping], name: str) -> Any:
    value = None
    for event in events:
        found, slot_value = _slot(event, name)
        if found and slot_value is not None:
            value = slot_value
    return value


def _first_slot(events: Sequence[Mapping], name: str) -> Any:
    """The first value the slot was set to in this conversation (e.g. the booked length at its start)."""
    for event in events:
        found, slot_value = _slot(event, name)
        if found and slot_value is not None:
            return slot_value
    return None


def _custom(event: Mapping) -> dict:
    if event.get("event") != "bot":
        return {}
    custom = (event.get("data") or {}).get("custom")
    return custom if isinstance(custom, dict) else {}


def _as_int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def review(
    conversation: LoggedConversation, plan: PlanFacts | None = None, practice_feedback: dict | None = None
) -> ConversationReview:
    """``practice_feedback``: feedback computed afterwards for a practice that was never ended."""
    if conversation.mode == "practice":
        return _review_practice(conversation, practice_feedback)
    return _review_guide(conversation, plan or PlanFacts())


def _common(conversation: LoggedConversation) -> dict[str, Any]:
    events = conversation.events
    return dict(
        sender_id=conversation.sender_id,
        mode=conversation.mode,
        start_ts=conversation.start_ts,
        end_ts=conversation.end_ts,
        consultant=username_of(conversation.sender_id),
        user_turns=sum(1 for e in events if e.get("event") == "user" and not _is_command(conversation.mode, e)),
        ended=_ended(conversation),
    )


_PRACTICE_COMMAND_INTENTS = frozenset({"start_practice", "end_practice"})


def _is_command(mode: str, event: Mapping) -> bool:
    """In a practice, "øv med Erling", "feedback" and "hjælp" steer the exercise: no line to the citizen."""
    if mode != "practice":
        return False
    from bot.rasa.practice_commands import practice_command

    intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
    return intent in _PRACTICE_COMMAND_INTENTS or practice_command(event.get("text")) is not None


def _guide_timeline(conversation: LoggedConversation) -> tuple[list[StepVisit], list[tuple[str, float]]]:
    start, visits, tools = conversation.start_ts, [], []
    current: tuple[int, float] | None = None
    for event in conversation.events:
        guide = _custom(event).get("guide")
        at = _timestamp(event)
        if not isinstance(guide, dict) or at is None:
            continue
        step = _as_int(guide.get("step"))
        if guide.get("tool"):
            tools.append((str(guide["tool"]), at - start))
        if step is None or not 1 <= step <= 9 or (current is not None and current[0] == step):
            continue
        if current is not None:
            visits.append(StepVisit(current[0], current[1] - start, at - start))
        current = (step, at)
    if current is not None:
        visits.append(StepVisit(current[0], current[1] - start, max(current[1], conversation.end_ts) - start))
    return visits, tools


def _guide_transcript(conversation: LoggedConversation) -> list[TranscriptLine]:
    lines = []
    for event in conversation.events:
        kind, text, at = event.get("event"), event.get("text"), _timestamp(event)
        if kind in ("user", "bot") and isinstance(text, str) and text.strip():
            offset = at - conversation.start_ts if at is not None else None
            lines.append(TranscriptLine("K" if kind == "user" else "G", text, offset))
    return lines


def _contract_at(visits: list[StepVisit]) -> tuple[float | None, bool]:
    """When step 3 was first visited (minutes) and whether that came before any content step."""
    first = next((v for v in visits if v.step == CONTRACT_STEP), None)
    if first is None:
        return None, False
    content = next((v.start_s for v in visits if v.step in CONTENT_STEPS), None)
    return first.start_s / 60, content is None or first.start_s <= content


def _review_guide(conversation: LoggedConversation, plan: PlanFacts) -> ConversationReview:
    common = _common(conversation)
    events = conversation.events
    visits, tools = _guide_timeline(conversation)
    timeouts = tuple(v.start_s for v in visits if v.step == TIMEOUT_STEP)
    visited = {v.step for v in visits}
    closure_completed = CLOSURE_STEP in visited and common["ended"]
    booked = _as_int(_first_slot(events, "booked_min"))  # as set at the start, not a later default
    duration_min = max(0.0, common["end_ts"] - common["start_ts"]) / 60
    contract_at, contract_first = _contract_at(visits)
    metrics = (
        _contract_metric(contract_at, contract_first, plan.contract),
        _timeout_metric(len(timeouts)),
        _closure_metric(CLOSURE_STEP in visited, common["ended"], len(plan.agreements)),
        _agreement_metric(plan.agreements),
        _scaling_metric({s.kind for s in plan.scaling}),
        _time_metric(duration_min, booked),
    )
    return ConversationReview(
        **common,
        citizen_ref=_last_slot(events, "citizen_ref"),
        case_id=None,
        topic=_last_slot(events, "topic"),
        booked_min=booked,
        plan_key=conversation.plan_key,
        timeline=tuple(visits),
        timeouts=timeouts,
        tools=tuple(tools),
        agreements=plan.agreements,
        scaling=plan.scaling,
        closure_completed=closure_completed,
        transcript=tuple(_guide_transcript(conversation)),
        metrics=metrics,
    )


SOURCE_CONTRACT = SOURCES["contract"].text
SOURCE_TIMEOUTS = SOURCES["timeouts"].text
SOURCE_CLOSURE = SOURCES["closure"].text
SOURCE_AGREEMENTS = SOURCES["agreements"].text
SOURCE_SCALING = SOURCES["scaling"].text
SOURCE_TIME = "Håndbogen, trin 3, s. 12 (den tid, I har aftalt)"


def _contract_metric(at_min: float | None, first: bool, recorded: bool) -> Metric:
    threshold = "grøn: kontrakten før de andre trin · gul: senere eller kun gemt i planen · rød: ingen"
    if at_min is None and not recorded:
        return Metric("contract", "Kontrakt", "ingen", RED, threshold, 0, SOURCE_CONTRACT)
    if at_min is None:
        return Metric("contract", "Kontrakt", "gemt i planen", YELLOW, threshold, 1, SOURCE_CONTRACT)
    value = f"efter {at_min:.0f} min" + ("" if first else ", efter andre trin")
    return Metric("contract", "Kontrakt", value, GREEN if first else YELLOW, threshold, at_min, SOURCE_CONTRACT)


def _timeout_metric(count: int) -> Metric:
    threshold = (
        "grøn: mindst én · rød: ingen. Håndbogen sætter intet interval – små timeouts hører også til korte samtaler"
    )
    value = str(count) if count else "ingen"
    return Metric("timeouts", "Timeouts", value, GREEN if count else RED, threshold, count, SOURCE_TIMEOUTS)


def _closure_metric(visited: bool, ended: bool, agreements: int) -> Metric:
    threshold = (
        "grøn: afslutningstrinnet, mindst én aftale og samtalen afsluttet · gul: delvist · rød: ingen afslutning"
    )
    parts = [name for name, ok in (("trin 9", visited), ("aftale", agreements > 0), ("afsluttet", ended)) if ok]
    status = GREEN if len(parts) == 3 else YELLOW if visited or ended else RED
    number = 1.0 if status == GREEN else 0.0
    return Metric("closure", "Afslutning", ", ".join(parts) or "ingen", status, threshold, number, SOURCE_CLOSURE)


def _agreement_metric(agreements: Sequence[AgreementFacts]) -> Metric:
    threshold = "grøn: alle aftaler SMART · gul: nogle mangler noget · rød: ingen aftale"
    if not agreements:
        return Metric("agreements", "Aftaler (SMART)", "ingen", RED, threshold, 0, SOURCE_AGREEMENTS)
    smart = sum(1 for a in agreements if a.smart)
    status = GREEN if smart == len(agreements) else YELLOW
    value = f"{smart} af {len(agreements)} SMART"
    return Metric("agreements", "Aftaler (SMART)", value, status, threshold, smart / len(agreements), SOURCE_AGREEMENTS)


def _scaling_metric(kinds: set[str]) -> Metric:
    threshold = "valgfrit: skalaspørgsmål er én måde at arbejde konkret på, og de trækker ikke ned, når de ikke bruges"
    names = [label for kind, label in (("importance", "vigtighed"), ("confidence", "tro")) if kind in kinds]
    value = " og ".join(names) or "ikke brugt (valgfrit)"
    return Metric("scaling", "Skalaspørgsmål", value, GREEN, threshold, len(names), SOURCE_SCALING)


def _time_metric(duration_min: float, booked: int | None) -> Metric:
    threshold = "grøn: inden for den bookede tid · gul: over tiden"
    if not booked:
        value = f"{duration_min:.0f} min (ingen booket tid)"
        return Metric("time", "Tid", value, GREEN, threshold, duration_min, SOURCE_TIME)
    status = GREEN if duration_min <= booked else YELLOW
    return Metric("time", "Tid", f"{duration_min:.0f} af {booked} min", status, threshold, duration_min, SOURCE_TIME)


# --- practice ------------------------------------------------------------------------------------
# Feedback payloads of schema samtaleguide.feedback/2 (bot.judgement) carry each metric's Danish
# label, shown value, rule and source. Payloads stored before it (schema /1) are still shown, with
# the labels and rules they were judged by at the time.
LEGACY_METRICS = {  # schema /1: label, green/yellow rule
    "contract": ("Kontrakt", "grøn: i de første 3 replikker · gul: senere · rød: ingen"),
    "timeouts": ("Timeouts", "grøn: mindst én · rød: ingen"),
    "closure": ("Afslutning", "grøn: opsummering, aftale og evaluering · gul: noget af det · rød: ingen"),
    "reflection_question_ratio": ("Refleksioner pr. spørgsmål", "grøn: mindst 2,0 · gul: mindst 1,0 · rød: under"),
    "open_question_share": ("Andel åbne spørgsmål", "grøn: mindst 70 % · gul: mindst 50 % · rød: under"),
    "trainee_word_share": ("Din andel af ordene", "grøn: højst 50 % · gul: højst 65 % · rød: over"),
    "ugu": ("Information (UGU)", "grøn: altid undersøgt før og efter · gul: mindst halvdelen · rød: færre"),
    "scaling": ("Skalaspørgsmål", "grøn: begge spurgt og undersøgt nedad · gul: ét · rød: ingen"),
    "agreements": ("Aftale (SMART)", "grøn: en SMART aftale · gul: kun uklare · rød: ingen"),
    "pressure": ("Overtalelse/konfrontation", "grøn: ingen · gul: én · rød: to eller flere"),
    "hidden_facts": ("Skjulte forhold afdækket", "grøn: mindst 2/3 · gul: mindst ét · rød: ingen"),
}
LEGACY_SOURCE = "Samtaleguidens tidligere regler (før håndbogskilderne)"


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _practice_number(metric_id: str, m: dict) -> float | None:
    """The metric's number for the review index and the team trends."""
    if metric_id in ("reflection_question_ratio", "open_question_share", "trainee_word_share"):
        return m.get("value")
    numbers = {
        "contract": 1.0 if m.get("present") else 0.0,
        "closure": 1.0 if m.get("status") == GREEN else 0.0,
        "agreements": m.get("smart_count"),
        "hidden_facts": m.get("uncovered"),
        "ugu": m.get("kept"),
        "scaling": sum(1 for k in ("importance", "confidence") if (m.get(k) or {}).get("asked")),
        "role_switch": 1.0 if m.get("announced") else 0.0,
    }
    return numbers.get(metric_id, m.get("count", 0))


def _legacy_value(metric_id: str, m: dict) -> str:
    value = m.get("value")
    if metric_id in ("reflection_question_ratio", "open_question_share", "trainee_word_share"):
        if not isinstance(value, (int, float)):
            return "–"
        return _decimal(value) if metric_id == "reflection_question_ratio" else f"{round(100 * value)} %"
    texts = {
        "contract": "i starten" if m.get("at_start") else f"replik {m.get('turn')}" if m.get("present") else "ingen",
        "closure": ", ".join(n for n, k in (("opsummering", "summary"), ("aftale", "agreement"),
                                            ("evaluering", "evaluation")) if m.get(k)) or "ingen",
        "agreements": f"{m.get('smart_count', 0)} af {m.get('count', 0)} SMART",
        "hidden_facts": f"{m.get('uncovered', 0)} af {m.get('total', 0)}",
        "ugu": f"{m.get('kept', 0)} af {m.get('information_given')}" if m.get("information_given") else "ingen information",
        "scaling": " og ".join(n for n, k in (("vigtighed", "importance"), ("tro", "confidence"))
                               if (m.get(k) or {}).get("asked")) or "ingen",
    }  # fmt: skip
    return texts.get(metric_id, str(m.get("count", 0)))


def _practice_metric(metric_id: str, m: dict) -> Metric | None:
    number = _practice_number(metric_id, m)
    source = m.get("source")
    if isinstance(source, dict) and isinstance(m.get("shown"), str):
        return Metric(metric_id, str(m.get("label") or metric_id), m["shown"], m["status"],
                      str(m.get("threshold") or ""), number, str(source.get("text") or ""),
                      bool(source.get("supplementary")))  # fmt: skip
    if metric_id not in LEGACY_METRICS:
        return None
    label, threshold = LEGACY_METRICS[metric_id]
    return Metric(metric_id, label, _legacy_value(metric_id, m), m["status"], threshold, number, LEGACY_SOURCE)


def _practice_metrics(feedback: dict | None) -> tuple[Metric, ...]:
    if not feedback:
        return ()
    found = feedback.get("metrics") or {}
    metrics = []
    for metric_id in METRIC_ORDER:
        m = found.get(metric_id)
        if isinstance(m, dict) and m.get("status") in (GREEN, YELLOW, RED):
            metric = _practice_metric(metric_id, m)
            if metric is not None:
                metrics.append(metric)
    return tuple(metrics)


def feedback_metrics(feedback: dict | None) -> tuple[Metric, ...]:
    """The metrics of any feedback payload (a practice's or an uploaded transcript's), labelled for review."""
    return _practice_metrics(feedback)


def _practice_turn_times(conversation: LoggedConversation) -> list[float]:
    """Seconds from the start of each trainee line, in order (the user message before each practice turn)."""
    times, last_user = [], None
    for event in conversation.events:
        if event.get("event") == "user":
            last_user = _timestamp(event)
        elif event.get("event") == "action" and event.get("name") == "action_practice_turn" and last_user is not None:
            times.append(last_user - conversation.start_ts)
    return times


def _practice_transcript(state: dict | None, turn_times: list[float]) -> list[TranscriptLine]:
    lines, trainee_turn = [], 0
    for item in (state or {}).get("history") or []:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            continue
        if item.get("speaker") == "K":
            at = turn_times[trainee_turn] if trainee_turn < len(turn_times) else None
            trainee_turn += 1
            lines.append(TranscriptLine("K", item["text"], at, item.get("code"), tuple(item.get("codes") or ())))
        else:
            lines.append(TranscriptLine("B", item["text"], None))
    return lines


def _practice_timeline(feedback: dict | None, turn_times: list[float], end_s: float) -> list[StepVisit]:
    items = ((feedback or {}).get("steps") or {}).get("items") or []
    firsts = sorted(
        (turn_times[item["turn"] - 1], item["step"])
        for item in items
        if item.get("present") and isinstance(item.get("turn"), int) and 0 < item["turn"] <= len(turn_times)
    )
    return [
        StepVisit(step, at, firsts[i + 1][0] if i + 1 < len(firsts) else end_s) for i, (at, step) in enumerate(firsts)
    ]


def practice_state(conversation: LoggedConversation) -> dict | None:
    """The simulator's last state (case, history with codes) kept in the ``practice_state`` slot."""
    state = _last_slot(conversation.events, "practice_state")
    return state if isinstance(state, dict) else None


def sent_feedback(conversation: LoggedConversation) -> dict | None:
    """The feedback payload sent when the exercise ended, if it was."""
    feedback = None
    for event in conversation.events:
        found = _custom(event).get("feedback")
        if isinstance(found, dict):
            feedback = found
    return feedback


def _review_practice(conversation: LoggedConversation, computed_feedback: dict | None = None) -> ConversationReview:
    common = _common(conversation)
    events = conversation.events
    state = practice_state(conversation)
    feedback = sent_feedback(conversation) or computed_feedback
    turn_times = _practice_turn_times(conversation)
    end_s = common["end_ts"] - common["start_ts"]
    metrics = _practice_metrics(feedback)
    by_id = {m.id: m for m in metrics}
    agreements = tuple(
        AgreementFacts(text=str(item.get("text") or ""), smart=bool((item.get("smart") or {}).get("smart")))
        for item in ((feedback or {}).get("metrics") or {}).get("agreements", {}).get("items", [])
    )
    timeouts_metric = ((feedback or {}).get("metrics") or {}).get("timeouts") or {}
    timeout_turns = [t for t in timeouts_metric.get("turns") or [] if isinstance(t, int) and 0 < t <= len(turn_times)]
    case_id = (state or {}).get("case") or next(
        (c["practice"].get("case") for c in map(_custom, events) if isinstance(c.get("practice"), dict)), None
    )
    return ConversationReview(
        **common,
        citizen_ref=None,
        case_id=case_id,
        topic=None,
        booked_min=None,
        plan_key=None,
        timeline=tuple(_practice_timeline(feedback, turn_times, end_s)),
        timeouts=tuple(turn_times[t - 1] for t in timeout_turns),
        tools=(),
        agreements=agreements,
        scaling=(),
        closure_completed=by_id.get("closure") is not None and by_id["closure"].status == GREEN,
        transcript=tuple(_practice_transcript(state, turn_times)),
        metrics=metrics,
        feedback=feedback,
        score=_as_int((feedback or {}).get("score")),
    )
