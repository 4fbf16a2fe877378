""" "Min plan" written to the citizen: "Du har aftalt at …", in plain Danish.

The consultant's plan (the plan page, ``vis plan``) speaks about the citizen in the third
person, with SMART diagnostics and what is missing. The citizen's copy (the PDF and Markdown
export) speaks to the citizen and leaves out the consultant's working material: notes, the
reasons noted with the scaling readings and with a status, what an agreement lacks, and the
SMART letters. It keeps what the citizen agreed to, who does what by when, the job goals
(ABC-jobplanen), the numbers the citizen gave on the scales, and what the conversations were about.

Agreements are typed in the third person ("Søren sender tre ansøgninger inden fredag"); the
parser keeps the action without its subject ("sender tre ansøgninger"). Here the verb becomes an
infinitive ("at sende tre ansøgninger") and the pronouns that point at the citizen become "du",
"dig", "din/dit/dine". When the action does not start with a verb, the sentence says "Aftale:"
and quotes it rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.plan.agreements import infinitive_of
from bot.plan.course_render import plan_course_lines
from bot.plan.deadlines import format_date, local_date
from bot.plan.entries import ScalingKind
from bot.plan.render import goal_phrase
from bot.plan.views import AgreementView, ContractView, PlanView

JOB_LEVELS = {
    "A": "A – drømmejobbet",
    "B": "B – et godt og acceptabelt job",
    "C": "C – et job, der giver smør på brødet",
}
SCALING_QUESTIONS = {
    ScalingKind.IMPORTANCE.value: "Hvor meget det betyder for dig at få et arbejde",
    ScalingKind.CONFIDENCE.value: "Hvor meget du tror på, at det lykkes",
}
STATUS_TEXT = {"done": "Det er gjort.", "not_done": "Det blev ikke til noget."}
OWNER_SECTIONS = (
    ("borger", "Det har du aftalt", "Du har aftalt at"),
    ("konsulent", "Det har din jobkonsulent lovet", "Din jobkonsulent har lovet at"),
    ("a-kasse", "Det har a-kassen lovet", "A-kassen har lovet at"),
)
# Pronouns that point at the citizen, as the consultant typed them.
_PRONOUNS = {"han": "du", "hun": "du", "ham": "dig", "hende": "dig", "sig": "dig", "borgeren": "dig"}
_REFLEXIVE_POSSESSIVES = {"sin": "din", "sit": "dit", "sine": "dine"}
_OTHER_POSSESSIVES = {"hans", "hendes", "borgerens"}
# Nouns a consultant writes after "hans/hendes" that take "dit" (neuter); plurals take "dine".
_NEUTER_NOUNS = frozenset(
    "cv job opslag netværk kursus brev møde forløb certifikat kørekort arbejde besøg telefonnummer udkast "
    "praktikforløb jobopslag sygefravær helbred ansøgningsbrev".split()
)
# Plural endings common in what consultants write ("ansøgninger", "kurser", "papirerne"); a noun such as
# "sagsbehandler" ends in "-er" without being a plural, so "-er" alone is not enough.
_PLURAL_ENDINGS = ("inger", "erne", "ene", "jobs", "kurser", "opgaver", "papirer", "aftaler", "virksomheder")
_WORD = re.compile(r"[\wæøåÆØÅ'’-]+|[^\wæøåÆØÅ'’-]+")


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]


def _possessive(noun: str) -> str:
    word = noun.lower().split("'")[0]
    if word in _NEUTER_NOUNS:
        return "dit"
    if word.endswith(_PLURAL_ENDINGS):
        return "dine"
    return "din"


def to_second_person(phrase: str) -> str:
    """ "sende sit cv til hende" → "sende dit cv til dig"."""
    tokens = _WORD.findall(phrase)
    words = [i for i, t in enumerate(tokens) if t[:1].isalnum()]
    for position, index in enumerate(words):
        token = tokens[index]
        lowered = token.lower()
        if lowered in _PRONOUNS:
            tokens[index] = _PRONOUNS[lowered]
        elif lowered in _REFLEXIVE_POSSESSIVES:
            tokens[index] = _REFLEXIVE_POSSESSIVES[lowered]
        elif lowered in _OTHER_POSSESSIVES and position + 1 < len(words):
            tokens[index] = _possessive(tokens[words[position + 1]])
    return "".join(tokens)


def action_phrase(action: str | None) -> str | None:
    """ "sender tre ansøgninger" → "sende tre ansøgninger"; None when it does not start with a verb."""
    if not action or not action.split():
        return None
    first, _, rest = action.strip().partition(" ")
    infinitive = infinitive_of(first)
    if infinitive is None:
        return None
    return to_second_person(f"{infinitive} {rest}".strip())


def agreement_sentence(agreement: AgreementView, lead: str, today: date) -> str:
    """ "Du har aftalt at sende tre uopfordrede ansøgninger senest fredag d. 21. november. Det er gjort." """
    phrase = action_phrase(agreement.action)
    deadline = f" senest {format_date(agreement.deadline, today)}" if agreement.deadline else ""
    if phrase:
        sentence = f"{lead} {phrase}{deadline}."
    else:
        sentence = f"Aftale: »{agreement.action or agreement.text}«{deadline}."
    status = STATUS_TEXT.get(agreement.status)
    if status is None and agreement.is_overdue(today):
        status = "Fristen er overskredet – tal med din jobkonsulent om den."
    return f"{sentence} {status}" if status else sentence


def contract_sentence(contract: ContractView, today: date) -> str:
    when = format_date(local_date(contract.conversation_date), today)
    parts = []
    if contract.about:
        parts.append(f"Vi talte om {to_second_person(contract.about)}.")
    if contract.goal:
        parts.append(f"Målet var {to_second_person(goal_phrase(contract.goal))}.")
    return f"Samtalen {when}: " + " ".join(parts) if parts else f"Samtalen {when}."


def citizen_sections(plan: PlanView, today: date) -> list[Section]:
    """The citizen's "Min plan", section by section (the PDF and the Markdown render these)."""
    sections = []
    for owner, heading, lead in OWNER_SECTIONS:
        agreements = [a for a in plan.agreements if a.owner == owner]
        if agreements or owner == "borger":
            lines = [agreement_sentence(a, lead, today) for a in agreements] or ["Ingen aftaler endnu."]
            sections.append(Section(heading, tuple(lines)))
    jobs = [f"{JOB_LEVELS[level]}: {plan.job_plan[level].title}" for level in ("A", "B", "C") if level in plan.job_plan]
    sections.append(Section("Dine jobmål (ABC-jobplanen)", tuple(jobs) or ("Ikke udfyldt endnu.",)))
    readings = [
        f"{SCALING_QUESTIONS[r.kind]}: {r.value} ud af 10 ({format_date(local_date(r.created_at), today)})"
        for r in plan.scaling
        if r.kind in SCALING_QUESTIONS
    ]
    if readings:
        sections.append(Section("Dine svar på skalaen fra 1 til 10", tuple(readings)))
    sections.append(Section("Dit forløb", tuple(plan_course_lines(plan, today))))
    talks = [contract_sentence(c, today) for c in plan.contracts]
    if talks:
        sections.append(Section("Det talte vi om", tuple(talks)))
    return sections


def citizen_intro(today: date) -> str:
    return (
        f"Her er dine aftaler med jobcentret og a-kassen, udskrevet {format_date(today)}. "
        "Du kan også se dem i Min Plan på jobnet.dk."
    )
