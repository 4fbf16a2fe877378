"""The simulated citizen: public functions over a JSON-serialisable state (see README.md here).

``respond(state, text)`` returns a new state and the citizen's reply and never mutates its
input. Per line: the coder (``bot.coder``) gives the technique code, the matcher
(``bot.practice.matcher``) the case topics, ``bot.practice.reactions`` moves trust, resistance,
importance and confidence and picks the answer (a topic line in the citizen's mood, or a
reaction to the technique), ``bot.practice.closure`` negotiates the next steps, and
``bot.practice.memory`` keeps every reply new within the practice. The same seed and the same
lines always give the same replies.
"""

from __future__ import annotations

import copy
import secrets
from datetime import date

from bot.core.personal_data import redact_text
from bot.judgement import CONTRACT_WINDOW
from bot.practice.case import CASE_IDS, load_case
from bot.practice.memory import choose_by_mood
from bot.practice.state import PracticeError, check_state, mood, new_state, stable_hash  # noqa: F401 (re-exported)

MAX_LINE_CHARS = 2000  # a wall of text is read on its first 2,000 characters
RANDOM_CHOICES = ("random", "tilfaeldig", "tilfældig")


def _seed_from(value) -> int:
    if value is None:
        return secrets.randbelow(2**31)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return stable_hash(value) % (2**31)


def start_practice(case_id: str | None = None, seed: int | str | None = None, today: date | None = None) -> dict:
    """A new practice. ``case_id`` None or "random" picks a case from the seed; ``today`` is the
    practice's date (deadlines such as "inden fredag" count from it)."""
    seed = _seed_from(seed)
    if case_id in (None, "", *RANDOM_CHOICES):
        case_id = CASE_IDS[stable_hash(seed, "case") % len(CASE_IDS)]
    case = load_case(case_id)
    state = new_state(case, seed, today or date.today())
    greeting = choose_by_mood(state, "greeting", case.replies["greeting"], mood(state))
    state["history"].append({"speaker": "B", "text": greeting, "situation": "greeting", "topic": None})
    return state


def respond(state: dict, consultant_text: str) -> tuple[dict, str]:
    """The citizen's reply to one consultant line. Returns (new_state, reply)."""
    from bot.coder import code_turn
    from bot.practice.matcher import match_topics
    from bot.practice.reactions import Turn, echoes, react, reaction_code

    check_state(state)
    if state.get("ended"):
        raise PracticeError("the practice conversation has ended")
    s = copy.deepcopy(state)
    case = load_case(s["case"])
    text = redact_text(str(consultant_text or "").strip()[:MAX_LINE_CHARS])
    s["turn"] += 1
    coding = code_turn(text) if text else None
    coder_code = coding.primary if coding else "andet"
    match = match_topics(case.id, text, coder_code)
    consultant = [t for t in s["history"] if t["speaker"] == "K"]
    turn = Turn(
        state=s,
        case=case,
        text=text,
        code=coder_code,
        codes=tuple(coding.codes) if coding else (),
        topics=match.topics,
        previous_code=consultant[-1].get("reaction", consultant[-1]["code"]) if consultant else None,
        last_citizen_line=next((t["text"] for t in reversed(s["history"]) if t["speaker"] == "B"), ""),
    )
    on_the_thread = s["memory"]["last_topic"] in match.topics or echoes(turn)
    turn.code = code = reaction_code(coder_code, text, match.topics, on_the_thread)
    if code != coder_code:  # the topic threshold depends on the code (structural lines need more)
        turn.topics = match_topics(case.id, text, code).topics
    reply = react(turn)
    entry = {"speaker": "K", "text": text, "code": coder_code, "codes": list(turn.codes), "topics": list(turn.topics)}
    if code != coder_code:
        entry["reaction"] = code  # what the citizen reacted to (see reaction_code)
    s["history"].append(entry)
    answer = {"speaker": "B", "text": reply.text, "situation": reply.situation, "topic": reply.topic, "mood": mood(s)}
    if reply.asked and reply.asked != reply.topic:
        answer["asked"] = reply.asked
    s["history"].append(answer)
    return s, reply.text


def warm_up() -> None:
    """Everything a first practice line would build: the coder's model, every case, its cue
    lexicon and answer-bank index. The action server runs this in the background at start, so
    the first trainee does not wait for it."""
    from bot.coder import code_turn
    from bot.practice.matcher import bank_scores, match_topics

    code_turn("Hvad vil du gerne have ud af samtalen i dag?")
    for case_id in CASE_IDS:
        load_case(case_id)
        match_topics(case_id, "Hvordan har du det?", "aabent_spoergsmaal")
        bank_scores(case_id, "hej")


def end_practice(state: dict) -> dict:
    check_state(state)
    s = copy.deepcopy(state)
    s["ended"] = True
    return s


def set_coaching(state: dict, on: bool) -> dict:
    """Live coaching: show the code of each of the trainee's lines as it is said."""
    check_state(state)
    s = copy.deepcopy(state)
    s["coaching"] = bool(on)
    return s


def last_coding(state: dict) -> dict | None:
    """The code (and segment codes) of the trainee's last line, for live coaching."""
    from bot.coder import CODE_LABELS

    check_state(state)
    turn = next((t for t in reversed(state["history"]) if t["speaker"] == "K"), None)
    if turn is None:
        return None
    codes = list(turn.get("codes") or [turn["code"]])
    return {
        "code": turn["code"],
        "label": CODE_LABELS.get(turn["code"], turn["code"]),
        "codes": codes,
        "labels": [CODE_LABELS.get(c, c) for c in codes],
    }


def transcript_of(state: dict) -> list[dict]:
    """The conversation as turns ``{"speaker": "K"|"B", "text": ..., "code": ...}``."""
    check_state(state)
    return [dict(t) for t in state["history"]]


# --- the briefing ----------------------------------------------------------------------------------
def briefing_payload(state: dict) -> dict:
    """The case card as data (the cockpit shows it beside the chat)."""
    check_state(state)
    case = load_case(state["case"])
    greeting = state["history"][0]["text"] if state["history"] else ""
    return {**case.to_dict(), "greeting": greeting}


def briefing(state: dict) -> str:
    """The trainee's case card in Danish: who, what was booked and why, what is on file, the
    handbook's preparation points for the case, the commands, and the citizen's first line."""
    card = briefing_payload(state)
    lines = [
        f"Du øver nu med {card['name']} ({card['age']} år). {card['summary']}",
        f"{card['booked']} {card['why']}",
        "Det ved du fra sagen:",
        *(f"• {fact}" for fact in card["on_file"]),
        "Din forberedelse (håndbogens punkter til casen):",
        *(f"• {point}" for point in card["preparation"]),
        "Du er konsulenten – skriv det, du ville sige. »hjælp« giver et tip, »coaching til« viser koden for hver "
        "af dine replikker, og »feedback« eller »stop øvelsen« afslutter med feedback.",
        f"{card['name']}: {card['greeting']}",
    ]
    return "\n".join(lines)


# --- hints ("hjælp") ---------------------------------------------------------------------------------
def _guide_line(tool_id: str, index: int = 0) -> str:
    try:
        from bot.guide.content import load_guide

        say = load_guide().tool(tool_id).say
        return say[index % len(say)]
    except Exception:  # the guide is optional for the simulator
        return ""


def _hint(text: str, tool: str | None, turn: int) -> str:
    example = _guide_line(tool, turn) if tool else ""
    return f"Tip: {text}" + (f" Fx: »{example}«" if example else "")


def _scaling_hint(state: dict, name: str) -> str | None:
    flags = state["flags"]
    for kind in ("importance", "confidence"):
        scale = flags["scaling"][kind]
        if scale["asked"] and not scale["explored_down"]:
            n = scale["value"] or state[kind]
            return f"Tip: Spørg nedad på skalaen: »Hvad gør, at det er en {n} og ikke en 1?«"
    if not flags["scaling"]["importance"]["asked"]:
        return None
    if not flags["scaling"]["confidence"]["asked"]:
        return _hint("Spørg også til troen på det – på en skala fra 1 til 10.", "skalaspoergsmaal", state["turn"])
    return None


def _closure_hint(state: dict) -> str | None:
    flags, turn = state["flags"], state["turn"]
    if flags["negotiation"]:
        return "Tip: Gør aftalen konkret sammen med borgeren: hvad præcis, hvor meget og hvornår? Spørg, om det er realistisk."
    if turn >= 12 and not any(flags["closure"].values()):
        return _hint(
            "Tiden går – begynd afslutningen: opsummér, lav en konkret aftale, og evaluér samtalen.", "afslutning", turn
        )
    if any(flags["closure"].values()):
        missing = [
            n
            for n, k in (("opsummering", "summary"), ("aftale", "agreement"), ("evaluering", "evaluation"))
            if not flags["closure"][k]
        ]
        if missing:
            return f"Tip: Afslutningen mangler stadig: {', '.join(missing)}."
    return None


def practice_hint(state: dict) -> str:
    """A short hint from the guide for "hjælp", without leaving the role-play."""
    check_state(state)
    case = load_case(state["case"])
    flags, turn = state["flags"], state["turn"]
    recent = [t.get("code") for t in state["history"] if t["speaker"] == "K"][-3:]
    if state["resistance"] >= 5:
        text = (
            f"{case.name} er gået i modstand. Reflektér modstanden, understreg det frie valg, og spørg til ønsket bag."
        )
        return _hint(text, "udfordrende_samtale", turn)
    if not flags["contract"] and turn < CONTRACT_WINDOW:
        text = f"Start med kontrakten: Hvad vil {case.name} gerne have ud af samtalen, og hvordan bruger I tiden?"
        return _hint(text, "kontrakt", turn)
    if recent.count("lukket_spoergsmaal") >= 2:
        return _hint(
            "Du har stillet flere lukkede spørgsmål i træk. Prøv et åbent spørgsmål med hv-ord.",
            "aabne_spoergsmaal",
            turn,
        )
    if flags["lectures"] and "information" in recent:
        return _hint(
            "Husk UGU: undersøg, før og efter du informerer – hvad ved borgeren, og hvad tænker hun/han om det?",
            "ugu",
            turn,
        )
    scaling = _scaling_hint(state, case.name)
    if scaling:
        return scaling
    if not flags["scaling"]["importance"]["asked"]:
        text = f"Undersøg motivationen med et skalaspørgsmål: Hvor vigtigt er det for {case.name} {case.change_target}?"
        return _hint(text, "skalaspoergsmaal", turn)
    if turn >= 8 and flags["timeouts"] == 0:
        return _hint("Tag en timeout: Er I på rette vej i forhold til kontrakten?", "timeout", turn)
    closing = _closure_hint(state)
    if closing:
        return closing
    keyword = case.keywords[turn % len(case.keywords)]
    return _hint(
        f"Lyt efter nøgleord og reflektér dem – fx »{keyword}«. Hvad betyder det for {case.name}?", "noegleord", turn
    )
