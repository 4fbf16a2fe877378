"""Danish plain-text answers for the plan services (single newlines, ready to send)."""

from __future__ import annotations

from datetime import date

from bot.plan.agreements import is_infinitive
from bot.plan.course_render import render_course_lines
from bot.plan.deadlines import MONTH_NAMES, format_date, local_date
from bot.plan.entries import SCALING_LABELS, ScalingKind
from bot.plan.views import (
    AgreementOutcome,
    AgreementView,
    ClosingSummary,
    ContractOutcome,
    ContractView,
    JobsOutcome,
    JobView,
    Opening,
    PlanView,
    ScalingView,
)

OWNER_LABELS = {"borger": "borgeren", "konsulent": "konsulenten", "a-kasse": "a-kassen", "jobcenter": "jobcentret"}
STATUS_LABELS = {"open": "åben", "done": "gjort", "not_done": "ikke gjort"}
MISSING_LABELS = {
    "specific": "hvad der konkret skal ske",
    "measurable": "hvordan I ser, at det er gjort",
    "time_bound": "en frist",
    "accepted": "om borgeren er med på den",
    "realistic": "om borgeren tror på, at den kan nås",
}
LEVELS = ("A", "B", "C")


def _who(agreement: AgreementView, citizen_ref: str | None) -> str:
    if agreement.owner == "borger" and citizen_ref:
        return citizen_ref
    return OWNER_LABELS.get(agreement.owner, agreement.owner).capitalize()


def agreement_line(agreement: AgreementView, today: date, citizen_ref: str | None = None) -> str:
    """ "2. Stine: sender tre ansøgninger – senest fredag d. 21. november (åben)"."""
    what = agreement.action or agreement.text
    deadline = f" – senest {format_date(agreement.deadline, today)}" if agreement.deadline else " – ingen frist"
    status = STATUS_LABELS.get(agreement.status, agreement.status)
    if agreement.is_overdue(today):
        status += ", fristen er overskredet"
    note = f" – {agreement.status_note}" if agreement.status_note else ""
    return f"{agreement.number}. {_who(agreement, citizen_ref)}: {what}{deadline} ({status}{note})"


def scaling_line(readings: dict[str, ScalingView], today: date) -> str | None:
    parts = []
    for kind in ScalingKind:
        reading = readings.get(kind.value)
        if reading:
            reason = f" – {reading.reason}" if reading.reason else ""
            when = format_date(local_date(reading.created_at), today)
            parts.append(f"{SCALING_LABELS[kind]} {reading.value}/10{reason} ({when})")
    return "; ".join(parts) if parts else None


def job_plan_line(jobs: dict[str, JobView]) -> str | None:
    parts = [f"{level}-job: {jobs[level].title}" for level in LEVELS if level in jobs]
    return ", ".join(parts) if parts else None


_CLAUSE_SUBJECTS = frozenset("hun han hen de vi jeg du borgeren den ledige".split())


def goal_phrase(goal: str) -> str:
    """ "at finde to mulige brancher", "at hun har en plan"; a noun phrase ("en ugeplan") stays as it is."""
    first = goal.split(None, 1)[0].lower() if goal.split() else ""
    return f"at {goal}" if is_infinitive(first) or first in _CLAUSE_SUBJECTS else goal


def contract_text(contract: ContractView, past: bool = False) -> str:
    """ "I taler om jobsøgning, målet er at finde to brancher, sådan: …" (in the past tense for an earlier one)."""
    talk, be = ("talte", "var") if past else ("taler", "er")
    parts = []
    if contract.about:
        parts.append(f"I {talk} om {contract.about}")
    if contract.goal:
        parts.append(f"målet {be} {goal_phrase(contract.goal)}")
    if contract.how:
        parts.append(f"sådan: {contract.how}")
    if not parts:
        return "(tom)"
    sentence = ", ".join(parts) + "."
    return sentence[0].upper() + sentence[1:]


# --- answers ------------------------------------------------------------------------------------------
BRIEF_AGREEMENTS = 2


def render_opening(opening: Opening, today: date, brief: bool = False) -> str:
    """What is known from last time; ``brief`` keeps to the items to follow up on (one screen)."""
    if brief:
        return _brief_opening(opening, today)
    conversation = opening.conversation
    ref = conversation.citizen_ref
    lines = [f"Samtale nr. {conversation.number_in_course} med {ref}."]
    if opening.is_new_citizen:
        lines.append(f"{ref} er ny her – der er ingen tidligere aftaler.")
    lines += _overview_lines(opening, today)
    if opening.course:
        lines += render_course_lines(opening.course, today)
    return "\n".join(lines)


def _brief_agreement(agreement: AgreementView, today: date) -> str:
    """ "Aftale 1: sender tre ansøgninger – senest 11. december, fristen er overskredet" """
    what = agreement.action or agreement.text
    who = "" if agreement.owner == "borger" else f"{OWNER_LABELS.get(agreement.owner, agreement.owner)} "
    when = (
        f" – senest {agreement.deadline.day}. {MONTH_NAMES[agreement.deadline.month - 1]}" if agreement.deadline else ""
    )
    late = ", fristen er overskredet" if agreement.is_overdue(today) else ""
    return f"Aftale {agreement.number}: {who}{what}{when}{late}"


def _brief_opening(opening: Opening, today: date) -> str:
    course = render_course_lines(opening.course, today, brief=True) if opening.course else []
    ref = opening.conversation.citizen_ref
    if opening.is_new_citizen:
        return "\n".join([f"{ref} er ny her – der er ingen tidligere aftaler.", *course])
    lines = [f"Fra sidst (samtale nr. {opening.conversation.number_in_course}):"]
    agreements = opening.open_agreements
    lines += [f"• {_brief_agreement(a, today)}" for a in agreements[:BRIEF_AGREEMENTS]]
    if len(agreements) > BRIEF_AGREEMENTS:
        lines.append(f"• … og {len(agreements) - BRIEF_AGREEMENTS} åbne aftaler mere")
    if not agreements:
        lines.append("• Ingen åbne aftaler.")
    scaling = _brief_scaling(opening.latest_scaling)
    if scaling:
        lines.append(f"• Skalering: {scaling}")
    jobs = job_plan_line(opening.job_plan)
    if jobs:
        lines.append(f"• ABC-jobplan: {jobs}")
    contract = opening.last_contract
    if contract and contract.goal:
        lines.append(f"• Målet sidst: {goal_phrase(contract.goal)}")
    elif contract and contract.about:
        lines.append(f"• Emnet sidst: {contract.about}")
    return "\n".join(lines + course)


def _brief_scaling(readings: dict[str, ScalingView]) -> str | None:
    parts = [
        f"{SCALING_LABELS[kind]} {readings[kind.value].value}/10" for kind in ScalingKind if kind.value in readings
    ]
    return ", ".join(parts) if parts else None


def _overview_lines(opening: Opening, today: date) -> list[str]:
    ref = opening.conversation.citizen_ref
    lines: list[str] = []
    last = opening.last_conversation
    if last and opening.last_agreements:
        kind = f", {last.course.title.lower()}" if last.course else ""
        lines.append(
            f"Aftalt sidst (samtale nr. {last.number_in_course}{kind}, {format_date(local_date(last.started_at), today)}):"
        )
        lines += [agreement_line(a, today, ref) for a in opening.last_agreements]
    listed = {a.number for a in opening.last_agreements}
    earlier_open = [a for a in opening.open_agreements if a.number not in listed]
    if earlier_open:
        lines.append("Åbne aftaler – følg op på dem:" if not listed else "Andre åbne aftaler – følg op på dem:")
        lines += [agreement_line(a, today, ref) for a in earlier_open]
    elif not opening.is_new_citizen and not listed:
        lines.append("Ingen åbne aftaler.")
    scaling = scaling_line(opening.latest_scaling, today)
    if scaling:
        lines.append(f"Seneste skalering: {scaling}")
    jobs = job_plan_line(opening.job_plan)
    if jobs:
        lines.append(f"ABC-jobplan: {jobs}")
    if opening.last_contract:
        lines.append(f"Kontrakten sidst: {contract_text(opening.last_contract, past=True)}")
    return lines


def render_agreement_outcome(outcome: AgreementOutcome, today: date, citizen_ref: str | None = None) -> str:
    if outcome.duplicate and outcome.saved:
        return (
            f"Den aftale har jeg allerede som nr. {outcome.saved.number} – den er ikke gemt igen.\n"
            + agreement_line(outcome.saved, today, citizen_ref)
        )
    if outcome.saved:
        lines = [f"Gemt som aftale {outcome.saved.number}:", agreement_line(outcome.saved, today, citizen_ref)]
        if outcome.saved.missing:
            missing = ", ".join(MISSING_LABELS[m] for m in outcome.saved.missing)
            lines.append(f"Gemt uden: {missing}. Tag det op ved næste opfølgning.")
        else:
            lines.append("Aftalen er SMART: konkret, målbar, accepteret, realistisk og med frist.")
        return "\n".join(lines)
    return _draft_text(outcome, today, citizen_ref)


def _draft_text(outcome: AgreementOutcome, today: date, citizen_ref: str | None) -> str:
    draft = outcome.draft
    who = citizen_ref if draft.owner.value == "borger" and citizen_ref else OWNER_LABELS[draft.owner.value]
    understood = f"{who} {draft.action}" if draft.action else f"»{draft.text}«"
    if draft.deadline:
        understood += f" – senest {format_date(draft.deadline, today)}"
    lines = [f"Jeg har forstået: {understood}."]
    lines += draft.hints
    if outcome.question:
        lines.append(f"Før jeg gemmer: {outcome.question}")
    lines.append("Du kan også gemme aftalen, som den er.")
    return "\n".join(lines)


def render_contract(outcome: ContractOutcome) -> str:
    lines = [f"Kontrakten er gemt: {contract_text(outcome.contract)}"]
    if outcome.missing_questions:
        lines.append("Mangler: " + " ".join(outcome.missing_questions))
    return "\n".join(lines)


def render_scaling(readings: tuple[ScalingView, ...]) -> str:
    lines = ["Skalering gemt:"]
    for reading in readings:
        reason = f" – {reading.reason}" if reading.reason else ""
        lines.append(f"{SCALING_LABELS[ScalingKind(reading.kind)].capitalize()}: {reading.value}/10{reason}")
    return "\n".join(lines)


def render_jobs(outcome: JobsOutcome) -> str:
    lines = ["ABC-jobplanen er opdateret:"]
    lines += [f"{job.level}-job: {job.title}" for job in outcome.saved]
    lines += [f"(Før: {job.level}-job {job.title} – gemt i historikken)" for job in outcome.replaced]
    return "\n".join(lines)


def render_marked(agreement: AgreementView, today: date, citizen_ref: str | None = None) -> str:
    label = STATUS_LABELS[agreement.status]
    return f"Aftale {agreement.number} er sat til »{label}«.\n" + agreement_line(agreement, today, citizen_ref)


def render_plan(plan: PlanView, today: date) -> str:
    ref = plan.citizen_ref
    lines = [f"Plan for {ref}"]
    if plan.conversations:
        last = plan.conversations[-1]
        lines.append(f"Samtaler: {len(plan.conversations)} (senest {format_date(local_date(last.started_at), today)}).")
    lines.append("Aftaler:" if plan.agreements else "Ingen aftaler endnu.")
    lines += [agreement_line(a, today, ref) for a in plan.agreements]
    scaling = scaling_line(plan.latest_scaling, today)
    if scaling:
        lines.append(f"Seneste skalering: {scaling}")
    jobs = job_plan_line(plan.job_plan)
    lines.append(f"ABC-jobplan: {jobs}" if jobs else "ABC-jobplan: ikke udfyldt endnu.")
    if plan.contracts:
        lines.append(f"Seneste kontrakt: {contract_text(plan.contracts[-1])}")
    return "\n".join(lines)


def render_closing(summary: ClosingSummary, today: date) -> str:
    ref = summary.conversation.citizen_ref
    lines = [f"Afslutning – samtale nr. {summary.conversation.number_in_course} med {ref}"]
    if summary.contract:
        lines.append(f"Kontrakten: {contract_text(summary.contract)}")
        lines.append("Hold den op mod det, I nåede:")
    else:
        lines.append("Der blev ikke skrevet en kontrakt i dag. Det nåede I:")
    if summary.new_agreements:
        lines.append("Nye aftaler:")
        lines += [agreement_line(a, today, ref) for a in summary.new_agreements]
    else:
        lines.append("Ingen nye aftaler – skal I aftale et næste skridt, før I slutter?")
    if summary.followed_up:
        lines.append("Fulgt op i dag:")
        lines += [agreement_line(a, today, ref) for a in summary.followed_up]
    if summary.still_open:
        lines.append("Stadig åbne fra tidligere:")
        lines += [agreement_line(a, today, ref) for a in summary.still_open]
    if summary.scaling:
        lines.append(
            "Skalering i dag: "
            + "; ".join(f"{SCALING_LABELS[ScalingKind(r.kind)]} {r.value}/10" for r in summary.scaling)
        )
    if summary.jobs:
        lines.append("ABC-jobplan i dag: " + ", ".join(f"{j.level}-job: {j.title}" for j in summary.jobs))
    lines.append(f"Evaluér samtalen med borgeren: {summary.evaluation_question}")
    return "\n".join(lines)
