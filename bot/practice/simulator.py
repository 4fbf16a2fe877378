"""The simulated citizen: a deterministic state machine per case.

All functions are pure over a JSON-serialisable ``state`` dict (Rasa can keep it in a slot):
``respond(state, text)`` returns a new state and the citizen's reply and never mutates its
input. The same seed and the same consultant lines always give the same replies; the seed
only chooses among the reply variants written for each situation in ``cases/<id>.yml``.

How the citizen reacts (numbers are 0-10 for openness/resistance, 1-10 for the scales):

* open questions (+1 openness), reflections (+1, +1 more when they pick up a keyword the
  citizen used, -1 resistance) and summaries (+1, -1) open the citizen up; they add "depth",
  and a hidden fact comes out when depth, openness and a topic cue in the trainee's line allow
  (or, after long good exploring, without a cue). Closed questions get short answers, and three
  in a row lower openness.
* persuading (+2 resistance, -1 openness) and confronting (+3, -2) make the citizen push back;
  information without permission adds +1 resistance (a pushback once resistance is 5+), while
  asking permission (-1) and then informing (-1) lowers it. Autonomy lowers it by 2.
* a scaling question gets the citizen's current number; exploring downward ("hvad gør, at det
  er en 4 og ikke en 1?") brings change talk and raises that number by one (once per scale);
  asking upward first brings sustain talk and +1 resistance.
* a contract in the first three turns, a summary, and good rapport (resistance <= 5, openness >= 4)
  make the citizen offer a concrete (SMART) agreement when the closure asks for next steps;
  otherwise the agreement stays vague. Evaluation questions get a good or poor evaluation.
"""

from __future__ import annotations

import copy
import hashlib

from bot.coder import code_turn
from bot.coder.cues import closure_elements, scaling_info, words
from bot.judgement import CONTRACT_WINDOW
from bot.judgement.agreements import smart_flags
from bot.practice.case import CASE_IDS, Case, load_case

STATE_VERSION = 1
EXPLORING = frozenset({"aabent_spoergsmaal", "refleksion", "opsummering"})
STOPWORDS = frozenset(
    {
        "altså",
        "bare",
        "ikke",
        "heller",
        "noget",
        "nogen",
        "faktisk",
        "rigtig",
        "egentlig",
        "hvad",
        "hvordan",
        "meget",
        "også",
        "skulle",
        "kunne",
        "ville",
        "være",
        "blive",
        "bliver",
        "havde",
        "efter",
        "inden",
        "fordi",
        "derfor",
        "sådan",
        "lidt",
        "måske",
        "hende",
        "ham",
        "dem",
        "deres",
        "mine",
        "mere",
        "andre",
        "andet",
        "hele",
        "tror",
        "siger",
        "synes",
        "ærligt",
        "jeg",
        "det",
        "der",
        "som",
        "med",
        "har",
        "var",
        "men",
    }
)


class PracticeError(ValueError):
    pass


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _hash(*parts) -> int:
    return int(hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).hexdigest(), 16)


def _seed_from(value) -> int:
    if value is None:
        import secrets

        return secrets.randbelow(2**31)
    if isinstance(value, int):
        return value
    return _hash(value) % (2**31)


def start_practice(case_id: str | None = None, seed: int | str | None = None) -> dict:
    """A new practice conversation. ``case_id`` None or "random" picks a case from the seed."""
    seed = _seed_from(seed)
    if case_id in (None, "", "random", "tilfaeldig", "tilfældig"):
        case_id = CASE_IDS[_hash(seed, "case") % len(CASE_IDS)]
    case = load_case(case_id)
    state = {
        "version": STATE_VERSION,
        "case": case.id,
        "seed": seed,
        "turn": 0,
        "openness": case.start["openness"],
        "resistance": case.start["resistance"],
        "importance": case.start["importance"],
        "confidence": case.start["confidence"],
        "depth": 0,
        "closed_streak": 0,
        "revealed": [],
        "flags": {
            "contract": False,
            "contract_turn": None,
            "contract_at_start": False,
            "scaling": {
                "importance": {"asked": False, "value": None, "explored_down": False, "explored_up_first": False},
                "confidence": {"asked": False, "value": None, "explored_down": False, "explored_up_first": False},
            },
            "last_scale_kind": None,
            "permission_pending": False,
            "permission_asked": 0,
            "information_given": 0,
            "information_with_permission": 0,
            "timeouts": 0,
            "summaries": 0,
            "closure": {"summary": False, "agreement": False, "evaluation": False},
            "agreement_reached": False,
            "agreement": None,
            "agreement_smart": None,
            "pushbacks": 0,
        },
        "used": {},
        "history": [],
        "ended": False,
    }
    greeting = _pick(state, case, "greeting", case.replies["greeting"])
    state["history"].append({"speaker": "B", "text": greeting, "situation": "greeting"})
    return state


def _check_state(state: dict) -> None:
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION or state.get("case") not in CASE_IDS:
        raise PracticeError("not a practice state")


def _pick(state: dict, case: Case, situation: str, options) -> str:
    """Chooses a variant from the seed, avoiding repeats until all variants have been used."""
    used = state["used"].setdefault(situation, [])
    if len(used) >= len(options):
        used.clear()
    available = [i for i in range(len(options)) if i not in used]
    index = available[_hash(state["seed"], state["turn"], situation) % len(available)]
    used.append(index)
    return options[index]


def _echo_bonus(text: str, case: Case, last_reply: str) -> bool:
    """Does the trainee pick up a keyword of the citizen (the case's keywords or a content word
    from the citizen's last line)?"""
    low = text.lower()
    if any(k.lower() in low for k in case.keywords):
        return True
    said = {w for w in words(last_reply) if len(w) >= 5 and w not in STOPWORDS}
    return bool(said & set(words(text)))


def _last_citizen_line(state: dict) -> str:
    for turn in reversed(state["history"]):
        if turn["speaker"] == "B":
            return turn["text"]
    return ""


def _try_reveal(state: dict, case: Case, text: str) -> str | None:
    if state["resistance"] > 5:
        return None
    low = text.lower()
    pending = [f for f in case.hidden_facts if f.id not in state["revealed"]]
    for fact in pending:
        cued = any(t in low for t in fact.triggers)
        if cued and state["openness"] >= fact.min_openness and state["depth"] >= 2 + 2 * len(state["revealed"]):
            return fact.id
    # Over time, long and good exploring brings out the next fact even without a cue.
    needed = 8 + 4 * len(state["revealed"])
    for fact in pending:
        if state["depth"] >= needed and state["openness"] >= min(10, fact.min_openness + 2):
            return fact.id
    return None


def _scale_kind(state: dict, info: dict) -> str:
    flags = state["flags"]
    if info["kind"]:
        return info["kind"]
    if info["move"] in {"down", "up"} and flags["last_scale_kind"]:
        return flags["last_scale_kind"]
    if not flags["scaling"]["importance"]["asked"]:
        return "importance"
    if not flags["scaling"]["confidence"]["asked"]:
        return "confidence"
    return flags["last_scale_kind"] or "importance"


def _handle_scaling(state: dict, case: Case, text: str) -> tuple[str, dict]:
    info = scaling_info(text)
    kind = _scale_kind(state, info)
    sc = state["flags"]["scaling"][kind]
    move = info["move"]
    if move in {"down", "up"} and not sc["asked"] and info["number"] is None:
        move = "ask"
    if move in {"down", "up"}:
        sc["asked"] = True
    state["flags"]["last_scale_kind"] = kind
    if move == "down":
        if not sc["explored_down"]:
            state[kind] = _clamp(state[kind] + 1, 1, 10)
        sc["explored_down"] = True
        state["openness"] = _clamp(state["openness"] + 1, 0, 10)
        state["depth"] += 1
        return f"down_{kind}", {}
    if move == "up":
        if not sc["explored_down"]:
            sc["explored_up_first"] = True
            state["resistance"] = _clamp(state["resistance"] + 1, 0, 10)
        return "explore_up", {}
    sc["asked"] = True
    sc["value"] = state[kind]
    return f"scale_{kind}", {"n": state[kind]}


def _good_rapport(state: dict) -> bool:
    return state["resistance"] <= 5 and state["openness"] >= 4


def _choose_agreement(state: dict, case: Case) -> str:
    revealed = set(state["revealed"])
    preferred = [a for a in case.agreements if a.after_fact and a.after_fact in revealed]
    plain = [a for a in case.agreements if not a.after_fact]
    pool = preferred or plain or list(case.agreements)
    return pool[_hash(state["seed"], "agreement", len(revealed)) % len(pool)].text


def _handle_closure(state: dict, case: Case, text: str, primary: str) -> tuple[str, dict]:
    flags = state["flags"]
    elements = closure_elements(text)
    if primary == "opsummering":
        elements.add("summary")
    if not elements:
        elements = {"evaluation"} if flags["closure"]["agreement"] else {"agreement"}
    for element in elements:
        flags["closure"][element] = True
    if "agreement" in elements:
        if flags["agreement_reached"]:
            return "summary", {}
        if flags["contract_at_start"] and flags["summaries"] > 0 and _good_rapport(state):
            agreement = _choose_agreement(state, case)
            flags["agreement_reached"] = True
            flags["agreement"] = agreement
            flags["agreement_smart"] = smart_flags(agreement, accepted=True, realistic=state["confidence"] >= 4)
            return "closure_agreement", {"agreement": agreement}
        return "closure_vague", {}
    if "evaluation" in elements:
        good = state["openness"] >= 5 and state["resistance"] <= 4
        return ("evaluation_good" if good else "evaluation_poor"), {}
    return "summary", {}


def _closure_phase(state: dict, text: str) -> bool:
    c = state["flags"]["closure"]
    return c["agreement"] or c["evaluation"] or bool(closure_elements(text) & {"summary"}) and "i dag" in text.lower()


def respond(state: dict, consultant_text: str) -> tuple[dict, str]:
    """The citizen's reply to one consultant turn. Returns (new_state, reply)."""
    _check_state(state)
    if state.get("ended"):
        raise PracticeError("the practice conversation has ended")
    s = copy.deepcopy(state)
    case = load_case(s["case"])
    text = (consultant_text or "").strip()
    s["turn"] += 1
    flags = s["flags"]
    coding = code_turn(text) if text else None
    primary = coding.primary if coding else "andet"
    codes = set(coding.codes) if coding else set()
    last_reply = _last_citizen_line(s)
    situation, values = "other", {}

    if primary != "lukket_spoergsmaal":
        s["closed_streak"] = 0
    # Side effects of secondary segments in the same turn.
    if primary != "refleksion" and "refleksion" in codes:
        s["openness"] = _clamp(s["openness"] + 1, 0, 10)
        s["depth"] += 1
    if primary != "autonomi" and "autonomi" in codes:
        s["resistance"] = _clamp(s["resistance"] - 1, 0, 10)
    if primary != "bekraeftelse" and "bekraeftelse" in codes:
        s["openness"] = _clamp(s["openness"] + 1, 0, 10)
    if primary != "opsummering" and "opsummering" in codes:
        flags["summaries"] += 1
    if primary not in {"information", "information_med_tilladelse"} and "information" in codes:
        # Information followed by exploring in the same turn (UGU): no pushback.
        flags["information_given"] += 1
        if flags["permission_pending"]:
            flags["information_with_permission"] += 1
            flags["permission_pending"] = False

    if primary == "konfrontation":
        s["resistance"] = _clamp(s["resistance"] + 3, 0, 10)
        s["openness"] = _clamp(s["openness"] - 2, 0, 10)
        flags["pushbacks"] += 1
        situation = "pushback_hard" if s["resistance"] >= 6 else "pushback"
    elif primary == "overtalelse":
        s["resistance"] = _clamp(s["resistance"] + 2, 0, 10)
        s["openness"] = _clamp(s["openness"] - 1, 0, 10)
        flags["pushbacks"] += 1
        situation = "pushback_hard" if s["resistance"] >= 8 else "pushback"
    elif primary == "skalaspoergsmaal":
        situation, values = _handle_scaling(s, case, text)
    elif primary == "kontrakt":
        if not flags["contract"]:
            flags["contract_turn"] = s["turn"]
        flags["contract"] = True
        if s["turn"] <= CONTRACT_WINDOW:
            flags["contract_at_start"] = True
        s["openness"] = _clamp(s["openness"] + 1, 0, 10)
        s["resistance"] = _clamp(s["resistance"] - 1, 0, 10)
        situation = "contract"
    elif primary == "timeout":
        flags["timeouts"] += 1
        s["openness"] = _clamp(s["openness"] + 1, 0, 10)
        situation = "timeout"
    elif primary == "afslutning" or (primary == "opsummering" and _closure_phase(s, text)):
        if primary == "opsummering":
            flags["summaries"] += 1
        situation, values = _handle_closure(s, case, text, primary)
    elif primary == "information_med_tilladelse":
        flags["permission_asked"] += 1
        s["resistance"] = _clamp(s["resistance"] - 1, 0, 10)
        if len(words(text)) > 25:
            flags["information_given"] += 1
            flags["information_with_permission"] += 1
            situation = "info_after_permission"
        else:
            flags["permission_pending"] = True
            situation = "permission_yes"
    elif primary == "information":
        flags["information_given"] += 1
        if flags["permission_pending"]:
            flags["information_with_permission"] += 1
            flags["permission_pending"] = False
            s["resistance"] = _clamp(s["resistance"] - 1, 0, 10)
            situation = "info_after_permission"
        else:
            s["resistance"] = _clamp(s["resistance"] + 1, 0, 10)
            if s["resistance"] >= 5:
                flags["pushbacks"] += 1
                situation = "pushback"
            else:
                situation = "info_unasked"
    elif primary == "lukket_spoergsmaal":
        s["closed_streak"] += 1
        if s["closed_streak"] >= 3:
            s["openness"] = _clamp(s["openness"] - 1, 0, 10)
        situation = "closed"
    elif primary in EXPLORING:
        if primary == "aabent_spoergsmaal":
            if s["resistance"] <= 5:
                s["openness"] = _clamp(s["openness"] + 1, 0, 10)
            s["depth"] += 1
        else:
            bonus = 1 if _echo_bonus(text, case, last_reply) else 0
            s["openness"] = _clamp(s["openness"] + 1 + bonus, 0, 10)
            s["resistance"] = _clamp(s["resistance"] - 1, 0, 10)
            s["depth"] += 2
            if primary == "opsummering":
                flags["summaries"] += 1
        fact_id = _try_reveal(s, case, text)
        if fact_id:
            s["revealed"].append(fact_id)
            situation = f"reveal:{fact_id}"
        elif primary == "aabent_spoergsmaal":
            situation = "open_high" if s["openness"] >= 5 and s["resistance"] <= 5 else "open_low"
        else:
            situation = "reflection" if primary == "refleksion" else "summary"
    elif primary == "autonomi":
        s["resistance"] = _clamp(s["resistance"] - 2, 0, 10)
        s["openness"] = _clamp(s["openness"] + 1, 0, 10)
        situation = "autonomy"
    elif primary == "bekraeftelse":
        s["openness"] = _clamp(s["openness"] + 1, 0, 10)
        if s["resistance"] > 2:
            s["resistance"] -= 1
        situation = "affirmation"

    if situation.startswith("reveal:"):
        options = case.fact(situation.split(":", 1)[1]).reveal
    else:
        options = case.replies[situation]
    template = _pick(s, case, situation, options)
    reply = template
    for key, value in values.items():
        reply = reply.replace("{" + key + "}", str(value))
    s["history"].append(
        {
            "speaker": "K",
            "text": text,
            "code": primary,
            "codes": coding.codes if coding else [],
        }
    )
    s["history"].append({"speaker": "B", "text": reply, "situation": situation})
    return s, reply


def end_practice(state: dict) -> dict:
    _check_state(state)
    s = copy.deepcopy(state)
    s["ended"] = True
    return s


def transcript_of(state: dict) -> list[dict]:
    """The conversation as turns ``{"speaker": "K"|"B", "text": ..., "code": ...}``."""
    _check_state(state)
    return [dict(t) for t in state["history"]]


def briefing(state: dict) -> str:
    """The trainee's case card, in Danish, ending with the citizen's first line."""
    _check_state(state)
    case = load_case(state["case"])
    greeting = state["history"][0]["text"] if state["history"] else ""
    return "\n".join(
        [
            f"Du øver nu med {case.name} ({case.age} år). {case.summary}",
            f"Emne: {case.booked_topic}. Status: {case.status}.",
            "Du er konsulenten – skriv det, du ville sige. 'hjælp' giver et tip, 'feedback' eller 'stop øvelsen' afslutter med feedback.",
            f"{case.name}: {greeting}",
        ]
    )


def _guide_line(tool_id: str, index: int = 0) -> str:
    try:
        from bot.guide.content import load_guide

        say = load_guide().tool(tool_id).say
        return say[index % len(say)]
    except Exception:  # the guide is optional for the simulator
        return ""


def practice_hint(state: dict) -> str:
    """A short hint from the guide for "hjælp", without leaving the role-play."""
    _check_state(state)
    case = load_case(state["case"])
    f = state["flags"]
    turn = state["turn"]
    consultant = [t for t in state["history"] if t["speaker"] == "K"]
    recent = [t.get("code") for t in consultant[-3:]]

    def hint(text: str, tool: str | None = None) -> str:
        example = _guide_line(tool, turn) if tool else ""
        return f"Tip: {text}" + (f' Fx: "{example}"' if example else "")

    if state["resistance"] >= 5:
        return hint(
            f"{case.name} er gået i modstand. Reflektér modstanden, understreg det frie valg, og spørg til ønsket bag.",
            "udfordrende_samtale",
        )
    if not f["contract"] and turn < CONTRACT_WINDOW:
        return hint(
            f"Start med kontrakten: Hvad vil {case.name} gerne have ud af samtalen, og hvordan bruger I tiden?",
            "kontrakt",
        )
    if recent.count("lukket_spoergsmaal") >= 2:
        return hint(
            "Du har stillet flere lukkede spørgsmål i træk. Prøv et åbent spørgsmål med hv-ord.", "aabne_spoergsmaal"
        )
    if f["information_given"] > f["information_with_permission"] and "information" in recent:
        return hint(
            "Husk UGU: spørg om lov, før du informerer, og undersøg bagefter, hvad borgeren tænker om det.", "ugu"
        )
    for kind in ("importance", "confidence"):
        sc = f["scaling"][kind]
        if sc["asked"] and not sc["explored_down"]:
            n = sc["value"] or state[kind]
            low = 1 if n > 1 else n
            return f'Tip: Spørg nedad på skalaen: "Hvad gør, at det er en {n} og ikke en {low}?"'
    if not f["scaling"]["importance"]["asked"]:
        return hint(
            f"Undersøg motivationen med et skalaspørgsmål: Hvor vigtigt er det for {case.name} {case.change_target}?",
            "skalaspoergsmaal",
        )
    if not f["scaling"]["confidence"]["asked"]:
        return hint("Spørg også til troen på det – på en skala fra 1 til 10.", "skalaspoergsmaal")
    if turn >= 8 and f["timeouts"] == 0:
        return hint("Tag en timeout: Er I på rette vej i forhold til kontrakten?", "timeout")
    if turn >= 12 and not any(f["closure"].values()):
        return hint(
            "Tiden går – begynd afslutningen: opsummér, lav en konkret aftale, og evaluér samtalen.", "afslutning"
        )
    if any(f["closure"].values()):
        missing = [
            n
            for n, k in (("opsummering", "summary"), ("aftale", "agreement"), ("evaluering", "evaluation"))
            if not f["closure"][k]
        ]
        if missing:
            return f"Tip: Afslutningen mangler stadig: {', '.join(missing)}."
    keyword = case.keywords[turn % len(case.keywords)]
    return hint(f'Lyt efter nøgleord og reflektér dem – fx "{keyword}". Hvad betyder det for {case.name}?', "noegleord")
