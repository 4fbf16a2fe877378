"""Danish rendering: labels, values and rules of the metrics, strengths, gaps, "Sådan regnes point"
and the card as text. Reads only the payload, so a stored payload renders the same later."""

from __future__ import annotations

from bot.judgement.danish import STATUS_DA, count, decimal, percent, quote
from bot.judgement.sources import HANDBOOK_METRICS

LABELS = {
    "contract": "Kontrakt",
    "timeouts": "Timeouts",
    "closure": "Afslutning",
    "agreements": "Aftaler (SMART)",
    "scaling": "Skalaspørgsmål",
    "ugu": "Information (UGU)",
    "pressure": "Pres og overtalelse",
    "role_switch": "Dobbeltrollen",
    "trainee_word_share": "Din andel af ordene",
    "open_question_share": "Andel åbne spørgsmål",
    "reflection_question_ratio": "Refleksioner pr. spørgsmål",
    "hidden_facts": "Skjulte forhold afdækket",
}
THRESHOLDS = {
    "contract": "grøn: emne og mål aftalt med borgeren i starten · gul: senere · rød: ingen kontrakt",
    "timeouts": "grøn: mindst én · rød: ingen. Håndbogen sætter intet interval – små timeouts hører også til "
    "korte samtaler",
    "closure": "grøn: opsummering i forhold til kontrakten, aftale og evaluering · gul: noget af det · "
    "rød: ingen afslutning",
    "agreements": "grøn: mindst én SMART aftale · gul: kun aftaler, der ikke er SMART · rød: ingen aftale",
    "scaling": "valgfrit · bruges de: grøn, når tallet undersøges nedad · gul: ikke undersøgt nedad",
    "ugu": "grøn: al information undersøgt før og efter, eller ingen information · gul: noget · rød: intet",
    "pressure": "grøn: ingen · gul: enkelte replikker · rød: presset fylder mindst lige så meget som det undersøgende",
    "role_switch": "grøn: myndighedsrollen sagt højt, eller ikke brugt · gul: advarsler uden at skifte rolle",
    "trainee_word_share": "rød: 80 % eller mere af ordene · borgeren skal helst tale mest",
    "open_question_share": "grøn: mindst 70 % · gul: mindst 50 % · rød: under",
    "reflection_question_ratio": "grøn: mindst 2,0 · gul: mindst 1,0 · rød: under",
    "hidden_facts": "grøn: alle · gul: nogle · rød: ingen",
}
CLOSURE_PARTS = (("summary", "opsummering"), ("agreement", "aftale"), ("evaluation", "evaluering"))
SCALE_KINDS = (("importance", "vigtighed"), ("confidence", "tro"))
SMART_WORDS = (
    ("specific", "specifik"),
    ("measurable", "målbar"),
    ("accepted", "accepteret af borgeren"),
    ("realistic", "realistisk for borgeren"),
    ("time_bound", "tidsbestemt"),
)
SCORING = (
    "Hver måling giver point: grøn 1, gul ½ og rød 0.",
    "Håndbogens elementer vægter fuldt, de supplerende MITI-målinger halvt, og øvelsens egen måling "
    "(skjulte forhold) tæller ikke med.",
    "Point er det vægtede gennemsnit gange 100.",
    "Samlet grøn: alle håndbogens elementer er grønne. Skalaspørgsmål er valgfrie og trækker ikke ned, "
    "når de ikke bruges.",
    "Samlet rød: presset fylder mindst lige så meget som det undersøgende (åbne spørgsmål og refleksioner), "
    "eller der bliver slet ikke undersøgt.",
    "Ellers er samtalen samlet gul.",
    "Håndbogen har ingen pointskala. Reglerne for point og farve er Samtaleguidens egne; reglerne for hver "
    "måling står ved målingen med deres kilde.",
)


def _contract(m: dict) -> str:
    if not m["present"]:
        return "ingen"
    return f"i starten (replik {m['turn']})" if m["at_start"] else f"først i replik {m['turn']}"


def _closure(m: dict) -> str:
    if not m["present"] and not any(m[k] for k, _ in CLOSURE_PARTS):
        return "ingen afslutning"
    return " · ".join(f"{name} {'✓' if m[k] else '✗'}" for k, name in CLOSURE_PARTS)


def _scale_kind(k: dict) -> str:
    if k["explored_down"]:
        return "undersøgt nedad"
    return "kun spurgt opad" if k["explored_up"] else "ikke undersøgt nedad"


def _scaling(m: dict) -> str:
    parts = [f"{name}: {_scale_kind(m[k])}" for k, name in SCALE_KINDS if m[k]["asked"]]
    return "; ".join(parts) if parts else "ikke brugt (valgfrit)"


def _ugu(m: dict) -> str:
    n = m["information_given"]
    if not n:
        return "ingen information givet"
    return f"{m['kept']} af {count(n, 'informationsblok', 'informationsblokke')} undersøgt før og efter"


def _role(m: dict) -> str:
    if m["unannounced_warnings"]:
        return "advarsel uden at skifte rolle"
    return "myndighedsrollen sagt højt" if m["announced"] else "ikke brugt"


def _ratio(m: dict) -> str:
    return "–" if m["value"] is None else decimal(m["value"])


SHOWN = {
    "contract": _contract,
    "timeouts": lambda m: count(m["count"], "timeout", "timeouts") if m["count"] else "ingen",
    "closure": _closure,
    "agreements": lambda m: f"{m['smart_count']} af {m['count']} SMART" if m["count"] else "ingen aftale",
    "scaling": _scaling,
    "ugu": _ugu,
    "pressure": lambda m: count(m["count"], "replik", "replikker") if m["count"] else "ingen",
    "role_switch": _role,
    "trainee_word_share": lambda m: percent(m["value"]),
    "open_question_share": lambda m: (
        f"{percent(m['value'])} ({count(m['open'], 'åbent', 'åbne')}, {count(m['closed'], 'lukket', 'lukkede')})"
    ),
    "reflection_question_ratio": _ratio,
    "hidden_facts": lambda m: f"{m['uncovered']} af {m['total']}",
}


def decorate(metrics: dict[str, dict]) -> dict[str, dict]:
    """Each metric with its Danish ``label``, ``shown`` value and ``threshold`` rule."""
    return {
        mid: {**m, "label": LABELS[mid], "shown": SHOWN[mid](m), "threshold": THRESHOLDS[mid]}
        for mid, m in metrics.items()
    }


def _metric_line(m: dict) -> str:
    return f"[{STATUS_DA[m['status']]}] {m['label']}: {m['shown']}"


def _step_lines(steps: dict) -> list[str]:
    marks = [
        f"{s['step']} {s['title']} {'✓' if s['present'] else '✗'}" for s in steps["items"] if s["present"] is not None
    ]
    lines = ["Trin: " + " · ".join(marks)]
    if steps["sequence"]:
        order = " → ".join(str(n) for n in steps["sequence"])
        problems = "" if steps["in_order"] else " (" + "; ".join(steps["problems"]) + ")"
        lines.append(f"Rækkefølge: {order}{problems}")
    return lines


def _metric_lines(metrics: dict) -> list[str]:
    lines = ["Håndbogens elementer:"]
    lines += [f"{_metric_line(metrics[mid])} – {metrics[mid]['source']['text']}" for mid in HANDBOOK_METRICS]
    lines.append("Supplerende målinger (MITI, vejer halvt):")
    lines += [_metric_line(metrics[mid]) for mid in ("open_question_share", "reflection_question_ratio")]
    hidden = metrics.get("hidden_facts")
    if hidden:
        lines.append("Øvelsens egen måling (tæller ikke med i point):")
        lines.append(_metric_line(hidden))
        lines += [f"  {'✓' if it['uncovered'] else '✗'} {it['label']}" for it in hidden["items"]]
    return lines


def _agreement_lines(metrics: dict) -> list[str]:
    lines = []
    for item in metrics["agreements"]["items"]:
        ok = sum(bool(item["smart"].get(k)) for k, _ in SMART_WORDS)
        lines.append(
            f"  Aftale: »{quote(item['text'], 100)}« – SMART: {'ja' if item['smart']['smart'] else 'nej'} ({ok}/5)"
        )
    return lines


def _note_lines(feedback: dict) -> list[str]:
    lines = []
    if feedback["strengths"]:
        lines += ["Det gik godt:", *(f"- {s}" for s in feedback["strengths"])]
    if feedback["gaps"]:
        lines += ["Det kan du arbejde med:", *(f"- {g['text']}" for g in feedback["gaps"])]
    if feedback["suggestions"]:
        lines.append("Prøv i stedet:")
        lines += [
            f"- Du sagde: »{s['quote']}« Prøv i stedet: »{s['instead']}« ({s['why']})" for s in feedback["suggestions"]
        ]
    return lines


def render_text(feedback: dict, who: str = "") -> str:
    """The card as Danish text with single newlines (``who``: " med Stine" in a practice)."""
    metrics = feedback["metrics"]
    lines = [f"Feedback på samtalen{who}: {feedback['score']}/100 ({STATUS_DA[feedback['overall']]})"]
    lines += _step_lines(feedback["steps"])
    lines += _metric_lines(metrics)
    lines += _agreement_lines(metrics)
    lines += _note_lines(feedback)
    lines += ["Sådan regnes point:", *(f"- {line}" for line in feedback["scoring"]["rules"])]
    return "\n".join(lines)
