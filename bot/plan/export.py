"""Export a citizen's plan ("Min plan") as JSON, Markdown or PDF.

``python -m bot plan export --citizen REF --format json|md|pdf [--out FILE]``

JSON layout (format "samtaleguide-plan/1"; dates ISO 8601, times UTC with "Z"):

    {
      "format": "samtaleguide-plan/1",
      "citizen": "Stine",
      "exported_at": "2025-11-26T09:00:00Z",
      "conversations": [{"number": 1, "started_at": "...Z", "ended_at": "...Z" | null,
                         "topic": str | null, "booked_min": int | null,
                         "next_conversation_on": "2025-12-03" | null}],
      "contracts": [{"conversation": 1, "date": "2025-11-19", "about": str | null,
                     "goal": str | null, "how": str | null}],
      "agreements": [{"number": 1, "text": "Stine sender tre ...", "owner": "borger" | "konsulent" | "a-kasse",
                      "action": str | null, "quantity": int | null, "deadline": "2025-11-21" | null,
                      "status": "open" | "done" | "not_done", "status_note": str | null,
                      "smart": {"specific": bool, "measurable": bool, "time_bound": bool,
                                "accepted": bool | null, "realistic": bool | null},
                      "missing": ["time_bound", ...], "created_at": "...Z", "conversation": 1}],
      "scaling": [{"kind": "importance" | "confidence", "value": 1-10, "reason": str | null,
                   "recorded_at": "...Z"}],
      "job_plan": {"active": {"A": str | null, "B": str | null, "C": str | null},
                   "history": [{"level": "A", "title": str, "created_at": "...Z", "active": bool}]}
    }

The consultant's free notes are working notes and are not part of the citizen's plan.

The Markdown and the PDF are the citizen's copy, written to the citizen ("Du har aftalt at …",
``bot.plan.citizen``): no notes, no reasons noted with readings or statuses, no SMART
diagnostics. The consultant's view with all of that is the plan page and ``vis plan``.
"""

from __future__ import annotations

import importlib.util
import json
from datetime import UTC, date, datetime
from pathlib import Path

from bot.plan.citizen import citizen_intro, citizen_sections
from bot.plan.course_render import timeline_dict
from bot.plan.deadlines import local_date
from bot.plan.errors import PlanError
from bot.plan.views import AgreementView, PlanView

FORMAT_ID = "samtaleguide-plan/1"
FORMATS = ("json", "md", "pdf")
_SYSTEM_FONTS = Path("/usr/share/fonts/truetype/dejavu")


def _iso_time(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _iso_date(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _agreement_dict(agreement: AgreementView) -> dict:
    return {
        "number": agreement.number,
        "text": agreement.text,
        "owner": agreement.owner,
        "action": agreement.action,
        "quantity": agreement.quantity,
        "deadline": _iso_date(agreement.deadline),
        "status": agreement.status,
        "status_note": agreement.status_note,
        "smart": dict(agreement.smart),
        "missing": list(agreement.missing),
        "created_at": _iso_time(agreement.created_at),
        "conversation": agreement.conversation_number,
    }


def plan_to_dict(plan: PlanView, exported_at: datetime | None = None) -> dict:
    active = plan.job_plan
    return {
        "format": FORMAT_ID,
        "citizen": plan.citizen_ref,
        "exported_at": _iso_time(exported_at or datetime.now(UTC)),
        "conversations": [
            {
                "number": c.number_in_course,
                "started_at": _iso_time(c.started_at),
                "ended_at": _iso_time(c.ended_at),
                "topic": c.topic,
                "booked_min": c.booked_min,
                "next_conversation_on": _iso_date(c.next_conversation_on),
                "type": c.course_type,
                "joint": c.joint,
            }
            for c in plan.conversations
        ],
        "course": timeline_dict(plan, local_date(exported_at or datetime.now(UTC))),
        "contracts": [
            {
                "conversation": c.conversation_number,
                "date": _iso_date(local_date(c.conversation_date)),
                "about": c.about,
                "goal": c.goal,
                "how": c.how,
            }
            for c in plan.contracts
        ],
        "agreements": [_agreement_dict(a) for a in plan.agreements],
        "scaling": [
            {"kind": r.kind, "value": r.value, "reason": r.reason, "recorded_at": _iso_time(r.created_at)}
            for r in plan.scaling
        ],
        "job_plan": {
            "active": {level: (active[level].title if level in active else None) for level in ("A", "B", "C")},
            "history": [
                {"level": j.level, "title": j.title, "created_at": _iso_time(j.created_at), "active": j.active}
                for j in plan.job_history
            ],
        },
    }


def to_json(plan: PlanView, exported_at: datetime | None = None) -> str:
    return json.dumps(plan_to_dict(plan, exported_at), ensure_ascii=False, indent=2) + "\n"


# --- Markdown and PDF: written to the citizen (bot.plan.citizen) -------------------------------------
def to_markdown(plan: PlanView, today: date) -> str:
    out = [f"# Min plan – {plan.citizen_ref}", "", citizen_intro(today)]
    for section in citizen_sections(plan, today):
        out += ["", f"## {section.heading}", ""]
        out += [f"- {line}" for line in section.lines]
    return "\n".join(out) + "\n"


def find_fonts() -> tuple[Path, Path | None]:
    """A TrueType font with æ, ø and å (DejaVu Sans): the system's, else matplotlib's copy."""
    candidates = [_SYSTEM_FONTS]
    spec = importlib.util.find_spec("matplotlib")
    if spec and spec.origin:
        candidates.append(Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf")
    for folder in candidates:
        regular = folder / "DejaVuSans.ttf"
        if regular.is_file():
            bold = folder / "DejaVuSans-Bold.ttf"
            return regular, bold if bold.is_file() else None
    raise PlanError("Jeg kan ikke lave PDF'en: skrifttypen DejaVu Sans mangler på maskinen. JSON og Markdown virker.")


def to_pdf(plan: PlanView, today: date) -> bytes:
    from fpdf import FPDF  # imported here: only the PDF export needs it

    regular, bold = find_fonts()
    pdf = FPDF(format="A4")
    pdf.set_title(f"Min plan – {plan.citizen_ref}")
    pdf.set_author("Samtaleguide")
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold or regular))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    _pdf_heading(pdf, f"Min plan – {plan.citizen_ref}", size=18)
    _pdf_text(pdf, citizen_intro(today))
    for section in citizen_sections(plan, today):
        _pdf_heading(pdf, section.heading)
        for line in section.lines:
            _pdf_text(pdf, f"• {line}")
    return bytes(pdf.output())


def _pdf_heading(pdf, text: str, size: int = 13) -> None:
    pdf.set_font("DejaVu", "B", size)
    pdf.ln(2)
    pdf.multi_cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _pdf_text(pdf, text: str) -> None:
    pdf.set_font("DejaVu", "", 10.5)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")


# --- one entry point -------------------------------------------------------------------------------------
def render_export(plan: PlanView, fmt: str, today: date, exported_at: datetime | None = None) -> bytes:
    if fmt == "json":
        return to_json(plan, exported_at).encode("utf-8")
    if fmt == "md":
        return to_markdown(plan, today).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(plan, today)
    raise PlanError(f"Ukendt format »{fmt}«. Vælg json, md eller pdf.")


def default_filename(citizen_ref: str, fmt: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in citizen_ref).strip("-") or "borger"
    return f"plan-{safe}.{fmt}"
