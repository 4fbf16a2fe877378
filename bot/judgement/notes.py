"""Strengths and gaps in Danish, each gap with a short example question and its source."""

from __future__ import annotations

from collections.abc import Callable

from bot.judgement.danish import count, decimal, join, percent, quote
from bot.judgement.render import CLOSURE_PARTS, SCALE_KINDS, SMART_WORDS
from bot.judgement.suggestions import scale_alternative

Gap = dict[str, str]


def _contract(m: dict) -> list[Gap]:
    c = m["contract"]
    if not c["present"]:
        return [{"id": "no_contract", "text": "Der blev ikke lavet en kontrakt. Aftal i starten sammen med borgeren, "
                 "hvad samtalen skal handle om, og hvad den skal føre til. Fx: »Hvad vil du gerne have med dig "
                 "herfra i dag?« (trin 3, s. 12)"}]  # fmt: skip
    if not c["at_start"]:
        return [{"id": "late_contract", "text": f"Kontrakten kom først i replik {c['turn']}. Lav den, før I går i "
                 "gang med indholdet (trin 3, s. 12)."}]  # fmt: skip
    return []


def _timeouts(m: dict) -> list[Gap]:
    if m["timeouts"]["count"]:
        return []
    return [{"id": "no_timeout", "text": "Ingen timeout undervejs. Stop op, og spørg til selve samtalen – også i en "
             "kort samtale. Fx: »Er vi på rette vej i forhold til det, du gerne ville have ud af i dag?« "
             "(trin 6, s. 15)"}]  # fmt: skip


def _closure(m: dict) -> list[Gap]:
    cl = m["closure"]
    if not cl["present"] and not any(cl[k] for k, _ in CLOSURE_PARTS):
        return [{"id": "no_closure", "text": "Der var ingen afslutning med opsummering, aftaler og evaluering af "
                 "samtalen (trin 9, s. 19)."}]  # fmt: skip
    gaps = []
    if not cl["summary"]:
        gaps.append({"id": "no_summary", "text": "Afslutningen manglede et tilbageblik i forhold til kontrakten. Fx: "
                     "»Hvad tager du med herfra i forhold til det, vi aftalte i starten?« (trin 9, s. 19)"})  # fmt: skip
    if not cl["evaluation"]:
        gaps.append({"id": "no_evaluation", "text": "Borgeren blev ikke spurgt, hvad hun eller han syntes om "
                     "samtalen. Fx: »Hvad synes du om den samtale, vi har haft?« (trin 9, s. 19)"})  # fmt: skip
    return gaps


def _missing_smart(item: dict) -> str:
    missing = [word for key, word in SMART_WORDS if not item["smart"].get(key)]
    return join(missing, "eller")


def _agreements(m: dict) -> list[Gap]:
    a = m["agreements"]
    if not a["count"]:
        return [{"id": "no_agreement", "text": "Der blev ikke aftalt et næste skridt for borgeren. Fx: »Hvad er dit "
                 "næste skridt, og hvornår gør du det?« (trin 9, s. 19)"}]  # fmt: skip
    if a["smart_count"]:
        return []
    first = a["items"][0]
    return [{"id": "agreement_not_smart", "text": f"Aftalen »{quote(first['text'], 100)}« er ikke SMART – den er "
             f"ikke {_missing_smart(first)} (SMART-mål, s. 30)."}]  # fmt: skip


def _scaling(m: dict) -> list[Gap]:
    gaps = []
    for key, name in SCALE_KINDS:
        k = m["scaling"][key]
        if k["asked"] and not k["explored_down"]:
            how = "spurgte kun opad" if k["explored_up"] else "undersøgte det ikke nedad"
            gaps.append({"id": "scaling_not_explored_down", "text": f"Du bad om et tal for {name}, men {how}. "
                         f"Spørg fx: »{scale_alternative(k['value'])}« (trin 4, s. 14)"})  # fmt: skip
    return gaps


def _ugu(m: dict) -> list[Gap]:
    u = m["ugu"]
    broken = u["information_given"] - u["kept"]
    if not broken:
        return []
    blocks = count(u["information_given"], "informationsblok", "informationsblokke")
    return [{"id": "ugu_broken", "text": f"{broken} af {blocks} blev ikke undersøgt både før og "
             "efter (UGU). Spørg først, hvad borgeren selv ved, og bagefter, hvad borgeren tænker om det "
             "(trin 5, s. 14)."}]  # fmt: skip


def _pressure(m: dict) -> list[Gap]:
    p = m["pressure"]
    if not p["count"]:
        return []
    return [{"id": "pressure", "text": f"I {count(p['count'], 'replik', 'replikker')} prøvede du at flytte borgeren "
             "med krav, argumenter eller advarsler i stedet for at undersøge. Reflektér modstanden, understreg det "
             "frie valg, og spørg til ønsket bag (trin 7, s. 16, og s. 18)."}]  # fmt: skip


def _role(m: dict) -> list[Gap]:
    if not m["role_switch"]["unannounced_warnings"]:
        return []
    return [{"id": "unannounced_warning", "text": "Du talte om konsekvenser uden at sige, at du tog "
             "myndighedskasketten på. Sig det tydeligt, og giv reglerne neutralt (trin 8, s. 17)."}]  # fmt: skip


def _talk(m: dict) -> list[Gap]:
    w = m["trainee_word_share"]
    if w["status"] != "red":
        return []
    return [{"id": "talk_share", "text": f"Du stod for {percent(w['value'])} af ordene. Hold øje med, at du ikke "
             f"taler {percent(w['thresholds']['warning'])} af tiden – borgeren skal helst tale mest "
             "(trin 5, s. 14)."}]  # fmt: skip


def _supplementary(m: dict) -> list[Gap]:
    gaps = []
    o = m["open_question_share"]
    if o["status"] != "green" and o["value"] is not None:
        gaps.append({"id": "closed_questions", "text": f"Supplerende (MITI): {count(o['open'], 'åbent', 'åbne')} mod "
                     f"{count(o['closed'], 'lukket', 'lukkede')} spørgsmål. Flere åbne spørgsmål giver borgeren ordet."})  # fmt: skip
    r = m["reflection_question_ratio"]
    if r["status"] == "red":
        shown = "ingen" if r["value"] is None else decimal(r["value"])
        gaps.append({"id": "few_reflections", "text": f"Supplerende (MITI): refleksioner pr. spørgsmål {shown}. "
                     "Gentag og spejl det, borgeren siger, oftere."})  # fmt: skip
    return gaps


def _hidden(m: dict) -> list[Gap]:
    hf = m.get("hidden_facts")
    if not hf or hf["status"] == "green":
        return []
    return [{"id": "hidden_facts_missed", "text": f"Du afdækkede {hf['uncovered']} af {hf['total']} forhold, som "
             "borgeren kun fortæller om, når der bliver spurgt nysgerrigt ind."}]  # fmt: skip


GAP_RULES: tuple[Callable[[dict], list[Gap]], ...] = (
    _contract, _pressure, _role, _ugu, _timeouts, _scaling, _closure, _agreements, _talk, _supplementary, _hidden,
)  # fmt: skip


def gaps_of(metrics: dict[str, dict]) -> list[Gap]:
    return [gap for rule in GAP_RULES for gap in rule(metrics)]


def strengths_of(m: dict[str, dict]) -> list[str]:
    checks = (
        (m["contract"]["at_start"], "Du lavede kontrakten sammen med borgeren i starten."),
        (m["timeouts"]["count"] > 0, "Du tog timeout undervejs og spurgte til selve samtalen."),
        (m["closure"]["status"] == "green", "Afslutningen havde opsummering, aftale og evaluering."),
        (m["agreements"]["smart_count"] > 0, "I nåede en SMART aftale."),
        (m["scaling"]["asked"] and m["scaling"]["status"] == "green", "Du undersøgte skalatallet nedad."),
        (m["ugu"]["information_given"] > 0 and m["ugu"]["status"] == "green",
         "Du undersøgte både før og efter, du gav information (UGU)."),
        (m["pressure"]["count"] == 0 and m["pressure"]["exploring_turns"] > 0,
         "Du undersøgte i stedet for at presse eller overtale."),
        (m["role_switch"]["announced"] and not m["role_switch"]["unannounced_warnings"],
         "Du sagde tydeligt, da du tog myndighedskasketten på."),
        (m["open_question_share"]["status"] == "green", "Dine spørgsmål var overvejende åbne."),
    )  # fmt: skip
    found = [text for ok, text in checks if ok]
    hf = m.get("hidden_facts")
    if hf and hf["uncovered"]:
        found.append(f"Du fik {hf['uncovered']} af {hf['total']} skjulte forhold frem.")
    return found
