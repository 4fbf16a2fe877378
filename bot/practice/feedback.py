"""Feedback on a job conversation: from a practice state or from a coded transcript.

``build_feedback(turns, ...)`` returns the ``{"feedback": {...}}`` payload (schema in
README.md beside this file); ``render_feedback(payload)`` the Danish text. Every metric has a
``status`` of "green", "yellow" or "red" against the thresholds stored in the payload.
"""

from __future__ import annotations

import re

from bot.coder import CODE_LABELS, CODES
from bot.coder.cues import closure_elements, scaling_info, smart_check, words

SCHEMA = "samtaleguide.feedback/1"
POINTS = {"green": 1.0, "yellow": 0.5, "red": 0.0}
STATUS_DA = {"green": "grøn", "yellow": "gul", "red": "rød"}

# MITI 4.2.1: reflection-to-question ratio fair 1:1, good 2:1. MITI 3.1.1: open questions
# fair 50 %, good 70 % of all questions. The handbook: the citizen should do most of the talking.
THRESHOLDS = {
    "reflection_question_ratio": {"fair": 1.0, "good": 2.0},
    "open_question_share": {"fair": 0.5, "good": 0.7},
    "trainee_word_share": {"good_max": 0.5, "fair_max": 0.65},
}
QUESTION_CODES = ("aabent_spoergsmaal", "lukket_spoergsmaal", "skalaspoergsmaal")
REFLECTION_CODES = ("refleksion", "opsummering")
EXPLORING_CODES = frozenset(
    {"aabent_spoergsmaal", "refleksion", "opsummering", "skalaspoergsmaal", "information_med_tilladelse"}
)
AFTER_EXPLORING = frozenset(
    {"aabent_spoergsmaal", "refleksion", "opsummering", "skalaspoergsmaal", "lukket_spoergsmaal"}
)
CONTRACT_WINDOW = 3
STEP_TITLES = {
    1: "Den ledige booker selv",
    2: "Forbered dig til samtalen",
    3: "Lav kontrakten",
    4: "Begynd med at være undersøgende",
    5: "Giv relevant information og rådgivning",
    6: "Lav timeouts undervejs",
    7: "Brug sproget til at skabe motivation",
    8: "Vær bevidst om din dobbeltrolle",
    9: "Lav en god afslutning",
}
AGREEMENT_LINE_RE = re.compile(
    r"\b(?:aftaler vi|din aftale er|så aftaler|vi aftaler|til næste gang har du|du har lovet|aftalen er)\b",
    re.IGNORECASE,
)
ACCEPT_RE = re.compile(
    r"^\s*(?:ja|jo|okay|ok|fint|aftale|deal|det gør jeg|det kan jeg|lyder godt|selvfølgelig)\b", re.IGNORECASE
)
AUTHORITY_RE = re.compile(r"myndighedskasket|sparringspartner|min rolle|rettigheder og pligter", re.IGNORECASE)


# --- coding ---------------------------------------------------------------------------------


def _coded(turns: list[dict]) -> list[dict]:
    """Turns with ``code`` and ``segments`` on every consultant turn (codes them if missing)."""
    from bot.coder import code_turn

    out = []
    for t in turns:
        t = dict(t)
        if t["speaker"] == "K" and "segments" not in t:
            coding = code_turn(t["text"])
            t["code"] = coding.primary
            t["segments"] = [s.to_dict() for s in coding.segments]
        out.append(t)
    return out


def _status_at_least(value: float, good: float, fair: float) -> str:
    return "green" if value >= good else "yellow" if value >= fair else "red"


# --- metrics --------------------------------------------------------------------------------


def _counts(consultant: list[dict]) -> dict[str, int]:
    counts = {c: 0 for c in CODES}
    for t in consultant:
        for seg in t["segments"]:
            counts[seg["code"]] += 1
    return counts


def _contract(consultant: list[dict]) -> dict:
    idx = next((i for i, t in enumerate(consultant) if "kontrakt" in _codes(t)), None)
    at_start = idx is not None and idx < CONTRACT_WINDOW
    status = "green" if at_start else "yellow" if idx is not None else "red"
    return {
        "status": status,
        "present": idx is not None,
        "at_start": at_start,
        "turn": None if idx is None else idx + 1,
        "window": CONTRACT_WINDOW,
    }


def _codes(turn: dict) -> list[str]:
    return [s["code"] for s in turn.get("segments", [])] or [turn.get("code", "andet")]


def _timeouts(consultant: list[dict]) -> dict:
    turns = [i + 1 for i, t in enumerate(consultant) if "timeout" in _codes(t)]
    return {"status": "green" if turns else "red", "count": len(turns), "turns": turns}


def _closure(consultant: list[dict]) -> dict:
    start = next((i for i, t in enumerate(consultant) if "afslutning" in _codes(t)), None)
    found = {"summary": False, "agreement": False, "evaluation": False}
    if start is not None:
        for i in range(max(0, start - 2), len(consultant)):
            t = consultant[i]
            elems = closure_elements(t["text"])
            if "opsummering" in _codes(t):
                elems.add("summary")
            if i < start:
                elems &= {"summary"}
            for e in elems:
                found[e] = True
    n = sum(found.values())
    # A closing line without any of the three elements still counts as an (incomplete) closure.
    status = "green" if n == 3 else "yellow" if n or start is not None else "red"
    return {"status": status, "present": start is not None, "turn": None if start is None else start + 1, **found}


def _ratio(counts: dict[str, int]) -> dict:
    r = sum(counts[c] for c in REFLECTION_CODES)
    q = sum(counts[c] for c in QUESTION_CODES)
    th = THRESHOLDS["reflection_question_ratio"]
    if q == 0:
        value = None
        status = "green" if r else "red"
    else:
        value = round(r / q, 2)
        status = _status_at_least(value, th["good"], th["fair"])
    return {"status": status, "value": value, "reflections": r, "questions": q, "thresholds": th}


def _open_share(counts: dict[str, int]) -> dict:
    o, c = counts["aabent_spoergsmaal"], counts["lukket_spoergsmaal"]
    th = THRESHOLDS["open_question_share"]
    if o + c == 0:
        return {"status": "red", "value": None, "open": 0, "closed": 0, "thresholds": th}
    value = round(o / (o + c), 2)
    return {
        "status": _status_at_least(value, th["good"], th["fair"]),
        "value": value,
        "open": o,
        "closed": c,
        "thresholds": th,
    }


def _word_share(turns: list[dict]) -> dict:
    k = sum(len(words(t["text"])) for t in turns if t["speaker"] == "K")
    b = sum(len(words(t["text"])) for t in turns if t["speaker"] == "B")
    th = THRESHOLDS["trainee_word_share"]
    value = round(k / (k + b), 2) if k + b else 0.0
    status = "green" if value <= th["good_max"] else "yellow" if value <= th["fair_max"] else "red"
    return {"status": status, "value": value, "trainee_words": k, "citizen_words": b, "thresholds": th}


def _flat_segments(consultant: list[dict]) -> list[tuple[int, dict]]:
    return [(i, seg) for i, t in enumerate(consultant) for seg in t["segments"]]


def _ugu(consultant: list[dict]) -> dict:
    """Information blocks (consecutive information segments) and whether each was preceded
    and followed by exploring (UGU: undersøg – giv information – undersøg)."""
    flat = _flat_segments(consultant)
    blocks = []
    j = 0
    while j < len(flat):
        if flat[j][1]["code"] != "information":
            j += 1
            continue
        k = j
        while k + 1 < len(flat) and flat[k + 1][1]["code"] == "information":
            k += 1
        before = flat[j - 1][1]["code"] if j > 0 else None
        after = flat[k + 1][1]["code"] if k + 1 < len(flat) else None
        explored_before = before in EXPLORING_CODES
        explored_after = after in AFTER_EXPLORING
        blocks.append(
            {
                "turn": flat[j][0] + 1,
                "text": " ".join(seg["text"] for _, seg in flat[j : k + 1]),
                "permission": before == "information_med_tilladelse",
                "explored_before": explored_before,
                "explored_after": explored_after,
                "kept": explored_before and explored_after,
            }
        )
        j = k + 1
    n = len(blocks)
    kept = sum(b["kept"] for b in blocks)
    if n == 0:
        status = "yellow"
    else:
        share = kept / n
        status = "green" if share == 1.0 else "yellow" if share >= 0.5 else "red"
    return {
        "status": status,
        "information_given": n,
        "kept": kept,
        "with_permission": sum(b["permission"] for b in blocks),
        "items": blocks,
    }


def _scaling(consultant: list[dict]) -> dict:
    res = {
        k: {"asked": False, "explored_down": False, "explored_up_first": False} for k in ("importance", "confidence")
    }
    last = None
    for t in consultant:
        for seg in t["segments"]:
            if seg["code"] != "skalaspoergsmaal":
                continue
            info = scaling_info(seg["text"])
            kind = info["kind"]
            if kind is None:
                if info["move"] in {"down", "up"} and last:
                    kind = last
                elif not res["importance"]["asked"]:
                    kind = "importance"
                elif not res["confidence"]["asked"]:
                    kind = "confidence"
                else:
                    kind = last or "importance"
            last = kind
            res[kind]["asked"] = True
            if info["move"] == "down":
                res[kind]["explored_down"] = True
            elif info["move"] == "up" and not res[kind]["explored_down"]:
                res[kind]["explored_up_first"] = True
    both_asked = res["importance"]["asked"] and res["confidence"]["asked"]
    both_down = res["importance"]["explored_down"] and res["confidence"]["explored_down"]
    any_asked = res["importance"]["asked"] or res["confidence"]["asked"]
    status = "green" if both_asked and both_down else "yellow" if any_asked else "red"
    return {"status": status, **res}


def _agreements_from_transcript(turns: list[dict], closure_turn: int | None) -> list[dict]:
    """Agreements in a transcript: citizen commitments after an agreement question in the
    closure, and consultant lines that state an agreement the citizen then accepts."""
    found = []
    k_index = -1
    in_closure = False
    for i, t in enumerate(turns):
        if t["speaker"] == "K":
            k_index += 1
            in_closure = closure_turn is not None and k_index + 1 >= closure_turn
            if in_closure and AGREEMENT_LINE_RE.search(t["text"]):
                nxt = next((u for u in turns[i + 1 :] if u["speaker"] == "B"), None)
                accepted = bool(nxt and ACCEPT_RE.search(nxt["text"]))
                found.append(
                    {"text": t["text"], "by": "konsulent", **{"smart": smart_check(t["text"], accepted=accepted)}}
                )
            continue
        if not in_closure:
            continue
        prev = next((u for u in reversed(turns[:i]) if u["speaker"] == "K"), None)
        if prev is None or "agreement" not in closure_elements(prev["text"]):
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", t["text"]):
            if re.match(r"^(?:jeg|så|og|okay|ja|det)\b", sentence, re.IGNORECASE) and smart_check(sentence)["specifik"]:
                found.append({"text": sentence.strip(), "by": "borger", "smart": smart_check(sentence)})
                break
    return found


def _agreement_metric(items: list[dict]) -> dict:
    smart = [a for a in items if a["smart"]["smart"]]
    status = "green" if smart else "yellow" if items else "red"
    return {"status": status, "count": len(items), "smart_count": len(smart), "items": items}


def _pressure(consultant: list[dict]) -> dict:
    items = [
        {"turn": i + 1, "code": seg["code"], "text": seg["text"]}
        for i, t in enumerate(consultant)
        for seg in t["segments"]
        if seg["code"] in {"overtalelse", "konfrontation"}
    ]
    n = len(items)
    return {"status": "green" if n == 0 else "yellow" if n == 1 else "red", "count": n, "items": items}


def _steps(consultant: list[dict], counts: dict[str, int], scaling: dict, pressure: dict) -> dict:
    def first(pred):
        return next((i + 1 for i, t in enumerate(consultant) if pred(t)), None)

    firsts = {
        3: first(lambda t: "kontrakt" in _codes(t)),
        4: first(lambda t: any(c in {"aabent_spoergsmaal", "refleksion", "opsummering"} for c in _codes(t))),
        5: first(lambda t: any(c in {"information", "information_med_tilladelse"} for c in _codes(t))),
        6: first(lambda t: "timeout" in _codes(t)),
        7: first(
            lambda t: (
                any(c in {"refleksion", "bekraeftelse"} for c in _codes(t))
                or any(
                    scaling_info(s["text"])["move"] == "down" for s in t["segments"] if s["code"] == "skalaspoergsmaal"
                )
            )
        ),
        8: first(lambda t: "autonomi" in _codes(t) or bool(AUTHORITY_RE.search(t["text"]))),
        9: first(lambda t: "afslutning" in _codes(t)),
    }
    steps = [
        {"step": 1, "title": STEP_TITLES[1], "present": None, "turn": None, "note": "sker før samtalen"},
        {"step": 2, "title": STEP_TITLES[2], "present": None, "turn": None, "note": "sker før samtalen"},
    ]
    for n in range(3, 10):
        steps.append({"step": n, "title": STEP_TITLES[n], "present": firsts[n] is not None, "turn": firsts[n]})
    if pressure["count"]:
        steps[6]["note"] = "overtalelse/konfrontation trak ned"
    present = [(firsts[n], n) for n in range(3, 10) if firsts[n] is not None]
    sequence = [n for _, n in sorted(present)]
    problems = []
    if firsts[3] is not None and sequence and sequence[0] != 3:
        problems.append("kontrakten kom ikke først")
    if firsts[9] is not None:
        later = [n for n in (4, 5, 6) if firsts[n] is not None and firsts[n] > firsts[9]]
        if later:
            problems.append("afslutningen kom før andre trin")
    if firsts[6] is not None and firsts[3] is not None and firsts[6] < firsts[3]:
        problems.append("timeout før kontrakten")
    return {"items": steps, "sequence": sequence, "in_order": not problems, "problems": problems}


# --- suggestions ------------------------------------------------------------------------------

_TOPIC_ALTERNATIVES = (
    (re.compile(r"søg|ansøg|job", re.I), "Hvordan er det gået med jobsøgningen, siden vi sås sidst?"),
    (re.compile(r"\bcv\b|jobnet|joblog", re.I), "Hvordan bruger du dit CV og Jobnet lige nu?"),
    (re.compile(r"datter|barn|børn|alma|familie", re.I), "Hvordan skal et job passe ind i din hverdag med familien?"),
    (re.compile(r"uddann|skole|kursus", re.I), "Hvad tænker du selv om uddannelse lige nu?"),
    (re.compile(r"motiv|lyst", re.I), "Hvad ville det betyde for dig at komme i arbejde?"),
    (re.compile(r"vagt|tid|timer", re.I), "Hvilke arbejdstider kan du få til at hænge sammen?"),
)


def _open_alternative(text: str) -> str:
    t = text.strip().rstrip("?").strip()
    m = re.match(r"^(?:er|var) du (.+)$", t, re.I)
    if m:
        return f"Det lyder, som om du er {m.group(1)}. Hvordan er det for dig?"
    m = re.match(r"^(?:vil|kunne) du (?:gerne |tænke dig at )?(.+)$", t, re.I)
    if m:
        return f"Hvad ville det betyde for dig at {m.group(1)}?"
    m = re.match(r"^kan du (.+)$", t, re.I)
    if m:
        return f"Hvad skal der til, for at du kan {m.group(1)}?"
    for pattern, alt in _TOPIC_ALTERNATIVES:
        if pattern.search(t):
            return alt
    return "Hvad tænker du selv om det?"


def _suggestions(consultant: list[dict], contract: dict, scaling: dict, case_topic: str | None) -> list[dict]:
    picks: list[dict] = []
    used_texts: set[str] = set()

    def add(turn_no: int, quote: str, code: str, instead: str, why: str) -> None:
        if quote in used_texts or len(picks) >= 3:
            return
        used_texts.add(quote)
        picks.append({"turn": turn_no, "quote": quote, "code": code, "instead": instead, "why": why})

    flat = _flat_segments(consultant)
    order = ("konfrontation", "overtalelse", "information", "lukket_spoergsmaal")
    by_code = {c: [(i, s) for i, s in flat if s["code"] == c] for c in order}
    ugu_kept = {it["turn"] for it in _ugu(consultant)["items"] if it["kept"]}
    if not contract["at_start"] and consultant:
        topic = f" om {case_topic.lower()}" if case_topic else ""
        add(
            1,
            consultant[0]["text"],
            consultant[0].get("code", "andet"),
            f"Du har booket en samtale{topic}. Hvad vil du gerne have med dig herfra i dag?",
            "Start med kontrakten, så borgeren er med til at sætte retningen.",
        )
    for code in order:
        for i, seg in by_code[code]:
            if code == "information" and i + 1 in ugu_kept:
                continue
            if code == "konfrontation":
                add(
                    i + 1,
                    seg["text"],
                    code,
                    "Det lyder, som om det her er svært lige nu. Det er dig, der bestemmer. Hvad skulle der til, for at det gav mening for dig?",
                    "Reflektér modstanden, understreg det frie valg, og spørg til ønsket bag – i stedet for at presse.",
                )
            elif code == "overtalelse":
                add(
                    i + 1,
                    seg["text"],
                    code,
                    "Hvad ville være det gode for dig ved det? Og hvad holder dig tilbage?",
                    "Lad borgeren selv sætte ord på grundene til forandring – overtalelse giver modstand.",
                )
            elif code == "information":
                add(
                    i + 1,
                    seg["text"],
                    code,
                    f"Må jeg fortælle dig lidt om noget, jeg tænker kunne være relevant? … {seg['text']} … Hvad tænker du om det?",
                    "Brug UGU: spørg om lov, giv informationen, og undersøg bagefter, hvad borgeren kan bruge den til.",
                )
            elif code == "lukket_spoergsmaal":
                add(
                    i + 1,
                    seg["text"],
                    code,
                    _open_alternative(seg["text"]),
                    "Et åbent spørgsmål inviterer borgeren til at fortælle – et lukket giver et ja eller nej.",
                )
            if len(picks) >= 3:
                break
        if len(picks) >= 3:
            break
    if len(picks) < 2:
        for i, t in enumerate(consultant):
            for seg in t["segments"]:
                if seg["code"] == "skalaspoergsmaal" and scaling_info(seg["text"])["move"] == "up":
                    n = scaling_info(seg["text"])["number"] or 4
                    add(
                        i + 1,
                        seg["text"],
                        "skalaspoergsmaal",
                        f"Hvad gør, at det er en {n} og ikke en 1?"
                        if n > 1
                        else "Hvad gør, at du alligevel er på 1 og ikke lavere?",
                        "Spørg nedad først – så sætter borgeren selv ord på grundene til at komme videre.",
                    )
    return picks


# --- payload --------------------------------------------------------------------------------


def build_feedback(
    turns: list[dict],
    *,
    source: str = "transcript",
    case=None,
    revealed: list[str] | None = None,
    agreements: list[dict] | None = None,
) -> dict:
    """The feedback payload for a conversation given as turns {"speaker": "K"|"B", "text": ...}."""
    turns = _coded([t for t in turns if t.get("text", "").strip()])
    consultant = [t for t in turns if t["speaker"] == "K"]
    counts = _counts(consultant)
    contract = _contract(consultant)
    timeouts = _timeouts(consultant)
    closure = _closure(consultant)
    ratio = _ratio(counts)
    open_share = _open_share(counts)
    word_share = _word_share(turns)
    ugu = _ugu(consultant)
    scaling = _scaling(consultant)
    pressure = _pressure(consultant)
    if agreements is None:
        agreements = _agreements_from_transcript(turns, closure["turn"])
    agreement = _agreement_metric(agreements)
    metrics = {
        "contract": contract,
        "timeouts": timeouts,
        "closure": closure,
        "reflection_question_ratio": ratio,
        "open_question_share": open_share,
        "trainee_word_share": word_share,
        "ugu": ugu,
        "scaling": scaling,
        "agreements": agreement,
        "pressure": pressure,
    }
    if case is not None:
        revealed = revealed or []
        items = [
            {"id": f.id, "label": f.label, "condition": f.condition, "uncovered": f.id in revealed}
            for f in case.hidden_facts
        ]
        x, y = sum(i["uncovered"] for i in items), len(items)
        metrics["hidden_facts"] = {
            "status": "green" if x * 3 >= y * 2 else "yellow" if x else "red",
            "uncovered": x,
            "total": y,
            "items": items,
        }
    steps = _steps(consultant, counts, scaling, pressure)
    if not steps["in_order"]:
        steps["status"] = "yellow"
    else:
        steps["status"] = "green"
    scored = [m["status"] for m in metrics.values()]
    score = round(100 * sum(POINTS[s] for s in scored) / len(scored)) if scored and consultant else 0
    overall = "green" if score >= 75 else "yellow" if score >= 45 else "red"
    gaps = _gaps(metrics)
    strengths = _strengths(metrics)
    return {
        "feedback": {
            "schema": SCHEMA,
            "source": source,
            "case": None if case is None else case.id,
            "score": score,
            "overall": overall,
            "consultant_turns": len(consultant),
            "citizen_turns": sum(1 for t in turns if t["speaker"] == "B"),
            "counts": counts,
            "steps": steps,
            "metrics": metrics,
            "strengths": strengths,
            "gaps": gaps,
            "suggestions": _suggestions(consultant, contract, scaling, getattr(case, "booked_topic", None)),
        }
    }


def _gaps(m: dict) -> list[dict]:
    gaps = []

    def gap(gid: str, text: str) -> None:
        gaps.append({"id": gid, "text": text})

    if not m["contract"]["present"]:
        gap(
            "no_contract",
            "Der blev ikke lavet en kontrakt i starten: hvad samtalen skal handle om, føre til, og hvordan.",
        )
    elif not m["contract"]["at_start"]:
        gap("late_contract", "Kontrakten kom først sent i samtalen – lav den i de første replikker.")
    if m["open_question_share"]["status"] != "green":
        oq = m["open_question_share"]
        if oq["value"] is None:
            gap("no_questions", "Du stillede ingen spørgsmål – borgerens perspektiv kom ikke frem.")
        else:
            gap("closed_questions", f"For mange lukkede spørgsmål: {oq['closed']} lukkede mod {oq['open']} åbne.")
    if m["reflection_question_ratio"]["status"] == "red":
        r = m["reflection_question_ratio"]
        gap(
            "few_reflections",
            f"Få refleksioner i forhold til spørgsmål ({r['reflections']} refleksioner, {r['questions']} spørgsmål).",
        )
    lecturing = m["ugu"]["information_given"] - m["ugu"]["kept"]
    if lecturing > 0 or m["pressure"]["count"] or m["trainee_word_share"]["status"] == "red":
        parts = []
        if lecturing > 0:
            parts.append(f"{lecturing} gang(e) information uden at undersøge før og efter (UGU)")
        if m["pressure"]["count"]:
            parts.append(f"{m['pressure']['count']} gang(e) overtalelse eller konfrontation")
        if m["trainee_word_share"]["status"] == "red":
            parts.append(f"du stod for {round(100 * m['trainee_word_share']['value'])} % af ordene")
        gap("lecturing", "Belærende stil: " + "; ".join(parts) + ".")
    if m["timeouts"]["count"] == 0:
        gap("no_timeout", "Ingen timeout undervejs – tjek, om samtalen går i den rigtige retning.")
    if not m["closure"]["present"]:
        gap("no_closure", "Ingen afslutning med opsummering, aftaler og evaluering af samtalen.")
    elif m["closure"]["status"] != "green":
        missing = [
            n
            for n, k in (("opsummering", "summary"), ("aftale", "agreement"), ("evaluering", "evaluation"))
            if not m["closure"][k]
        ]
        gap("closure_incomplete", "Afslutningen manglede: " + ", ".join(missing) + ".")
    sc = m["scaling"]
    if not (sc["importance"]["asked"] or sc["confidence"]["asked"]):
        gap("no_scaling", "Ingen skalaspørgsmål om vigtighed og tro på at komme i job.")
    else:
        missing = [lbl for k, lbl in (("importance", "vigtighed"), ("confidence", "tro")) if not sc[k]["asked"]]
        if missing:
            gap("scaling_incomplete", "Skalaspørgsmål manglede for: " + ", ".join(missing) + ".")
        if not all(sc[k]["explored_down"] for k in ("importance", "confidence") if sc[k]["asked"]):
            gap(
                "scaling_not_explored_down",
                'Tallet blev ikke undersøgt nedad ("hvad gør, at det er en 4 og ikke en 1?").',
            )
    if m["agreements"]["status"] == "red":
        gap("no_agreement", "Der blev ikke indgået en konkret aftale.")
    elif m["agreements"]["status"] == "yellow":
        gap("agreement_not_smart", "Aftalen var ikke SMART (specifik, målbar, accepteret, realistisk, tidsbestemt).")
    if "hidden_facts" in m and m["hidden_facts"]["status"] != "green":
        hf = m["hidden_facts"]
        gap(
            "hidden_facts_missed",
            f"Du afdækkede {hf['uncovered']} af {hf['total']} ting, som borgeren kun fortæller, når der bliver udforsket.",
        )
    return gaps


def _strengths(m: dict) -> list[str]:
    s = []
    if m["contract"]["at_start"]:
        s.append("Du lavede kontrakten i starten.")
    if m["reflection_question_ratio"]["status"] == "green":
        s.append("Du reflekterede meget i forhold til, hvor mange spørgsmål du stillede.")
    if m["open_question_share"]["status"] == "green":
        s.append("Dine spørgsmål var overvejende åbne.")
    if m["trainee_word_share"]["status"] == "green":
        s.append("Borgeren fik det meste af taletiden.")
    if m["ugu"]["information_given"] and m["ugu"]["status"] == "green":
        s.append("Du gav information efter UGU-modellen.")
    if m["scaling"]["status"] == "green":
        s.append("Du brugte skalaspørgsmål om både vigtighed og tro og spurgte nedad.")
    if m["timeouts"]["count"]:
        s.append("Du tog timeout undervejs.")
    if m["closure"]["status"] == "green":
        s.append("Afslutningen havde opsummering, aftaler og evaluering.")
    if m["agreements"]["smart_count"]:
        s.append("I nåede en SMART aftale.")
    if "hidden_facts" in m and m["hidden_facts"]["uncovered"]:
        s.append(f"Du fik {m['hidden_facts']['uncovered']} af {m['hidden_facts']['total']} skjulte forhold frem.")
    return s


def practice_feedback(state: dict) -> dict:
    """Feedback payload for a practice conversation kept in a simulator state."""
    from bot.practice.case import load_case

    case = load_case(state["case"])
    flags = state["flags"]
    agreements = []
    if flags.get("agreement"):
        agreements.append(
            {
                "text": flags["agreement"],
                "by": "borger",
                "smart": flags.get("agreement_smart") or smart_check(flags["agreement"]),
            }
        )
    turns = []
    for t in state["history"]:
        if t["speaker"] == "K":
            turns.append(
                {"speaker": "K", "text": t["text"], "code": t.get("code"), "segments": _segments_from_history(t)}
            )
        else:
            turns.append({"speaker": "B", "text": t["text"]})
    payload = build_feedback(
        turns, source="practice", case=case, revealed=state.get("revealed", []), agreements=agreements
    )
    payload["feedback"]["practice"] = {
        "seed": state["seed"],
        "turns": state["turn"],
        "final": {k: state[k] for k in ("openness", "resistance", "importance", "confidence")},
        "start": dict(case.start),
        "pushbacks": flags.get("pushbacks", 0),
    }
    return payload


def _segments_from_history(turn: dict) -> list[dict]:
    from bot.coder import code_turn

    coding = code_turn(turn["text"])  # cached; gives the segment texts
    segs = [s.to_dict() for s in coding.segments]
    if [s["code"] for s in segs] == list(turn.get("codes") or []):
        return segs
    return [{"text": turn["text"], "code": c} for c in (turn.get("codes") or [turn.get("code", "andet")])]


def transcript_feedback(turns: list[dict]) -> dict:
    return build_feedback(turns, source="transcript")


# --- text -----------------------------------------------------------------------------------


def _pct(v) -> str:
    return "–" if v is None else f"{round(100 * v)} %"


def render_feedback(payload: dict) -> str:
    """Danish text for a feedback payload (single newlines)."""
    f = payload["feedback"]
    m = f["metrics"]
    lines = []
    who = ""
    if f.get("case"):
        from bot.practice.case import load_case

        who = f" med {load_case(f['case']).name}"
    lines.append(f"Feedback på samtalen{who}: {f['score']}/100 ({STATUS_DA[f['overall']]})")
    step_bits = []
    for s in f["steps"]["items"]:
        if s["present"] is None:
            continue
        mark = "✓" if s["present"] else "✗"
        step_bits.append(f"{s['step']} {s['title']} {mark}")
    lines.append("Trin: " + " · ".join(step_bits))
    if f["steps"]["sequence"]:
        order = " → ".join(str(n) for n in f["steps"]["sequence"])
        lines.append(
            f"Rækkefølge: {order}" + ("" if f["steps"]["in_order"] else " (" + "; ".join(f["steps"]["problems"]) + ")")
        )
    c = m["contract"]
    lines.append(
        f"[{STATUS_DA[c['status']]}] Kontrakt: "
        + ("i starten" if c["at_start"] else f"først i replik {c['turn']}" if c["present"] else "mangler")
    )
    lines.append(f"[{STATUS_DA[m['timeouts']['status']]}] Timeouts: {m['timeouts']['count']}")
    cl = m["closure"]
    els = ", ".join(
        f"{n} {'✓' if cl[k] else '✗'}"
        for n, k in (("opsummering", "summary"), ("aftale", "agreement"), ("evaluering", "evaluation"))
    )
    lines.append(f"[{STATUS_DA[cl['status']]}] Afslutning: " + (els if cl["present"] else "mangler"))
    r = m["reflection_question_ratio"]
    rv = "–" if r["value"] is None else f"{r['value']:.1f}:1"
    lines.append(
        f"[{STATUS_DA[r['status']]}] Refleksioner:spørgsmål {rv} ({r['reflections']}/{r['questions']}; MITI: 1:1 rimeligt, 2:1 godt)"
    )
    o = m["open_question_share"]
    lines.append(
        f"[{STATUS_DA[o['status']]}] Åbne spørgsmål: {_pct(o['value'])} af spørgsmålene ({o['open']} åbne, {o['closed']} lukkede)"
    )
    w = m["trainee_word_share"]
    lines.append(f"[{STATUS_DA[w['status']]}] Din andel af ordene: {_pct(w['value'])} (mål: højst 50 %)")
    u = m["ugu"]
    lines.append(
        f"[{STATUS_DA[u['status']]}] UGU: "
        + (
            f"{u['kept']} af {u['information_given']} gange information med undersøgelse før og efter ({u['with_permission']} med tilladelse)"
            if u["information_given"]
            else "ingen information givet"
        )
    )
    sc = m["scaling"]

    def sc_text(k: dict) -> str:
        if not k["asked"]:
            return "ikke spurgt"
        return "spurgt, undersøgt nedad" if k["explored_down"] else "spurgt, ikke undersøgt nedad"

    lines.append(
        f"[{STATUS_DA[sc['status']]}] Skalaspørgsmål: vigtighed {sc_text(sc['importance'])}; tro {sc_text(sc['confidence'])}"
    )
    a = m["agreements"]
    if a["items"]:
        first = a["items"][0]
        ok = [k for k in ("specifik", "maalbar", "accepteret", "realistisk", "tidsbestemt") if first["smart"].get(k)]
        lines.append(
            f'[{STATUS_DA[a["status"]]}] Aftale: "{first["text"]}" – SMART: {"ja" if first["smart"].get("smart") else "nej"} ({len(ok)}/5)'
        )
    else:
        lines.append(f"[{STATUS_DA[a['status']]}] Aftale: ingen konkret aftale")
    if "hidden_facts" in m:
        hf = m["hidden_facts"]
        lines.append(f"[{STATUS_DA[hf['status']]}] Skjulte forhold afdækket: {hf['uncovered']} af {hf['total']}")
        for it in hf["items"]:
            lines.append(f"  {'✓' if it['uncovered'] else '✗'} {it['label']}")
    p = m["pressure"]
    lines.append(f"[{STATUS_DA[p['status']]}] Overtalelse/konfrontation: {p['count']}")
    if f["strengths"]:
        lines.append("Det gik godt:")
        lines.extend(f"- {s}" for s in f["strengths"])
    if f["gaps"]:
        lines.append("Det kan du arbejde med:")
        lines.extend(f"- {g['text']}" for g in f["gaps"])
    if f["suggestions"]:
        lines.append("Prøv i stedet:")
        for s in f["suggestions"]:
            lines.append(f'- Du sagde: "{s["quote"]}" Prøv i stedet: "{s["instead"]}" ({s["why"]})')
    return "\n".join(lines)


def code_label(code: str) -> str:
    return CODE_LABELS.get(code, code)
