"""The citizen's plan exported as JSON, Markdown and PDF, in Python and from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

from bot.__main__ import main
from bot.plan.agreements import AgreementAnswers
from bot.plan.errors import PlanError
from bot.plan.export import FORMAT_ID, find_fonts, plan_to_dict, render_export, to_markdown, to_pdf
from bot.settings import PROJECT_ROOT

from .conftest import START
from .pdf_text import contains

YES = AgreementAnswers(accepted="ja", realistic="ja")
TODAY = date(2025, 11, 26)


@pytest.fixture
def filled(service, clock):
    """Two conversations with citizen Sag Ø-7 (Søren in the texts): contract, agreements, scaling, ABC jobs."""
    service.start_conversation("s1", "kons-7", "Sag Ø-7", "jobsøgning", 45, START)
    service.record_contract("s1", "kontrakt: vi taler om jobsøgning, målet er tre nye brancher")
    service.record_agreement("s1", "Søren sender tre uopfordrede ansøgninger inden fredag", answers=YES)
    service.record_agreement(
        "s1",
        "borgeren ringer til 2 vikarbureauer",
        answers=AgreementAnswers(deadline="d. 3/12", accepted=True, realistic=True),
    )
    service.record_agreement("s1", "a-kassen vurderer cv'et", save_anyway=True)
    service.record_scaling("s1", "vigtighed 8 fordi han savner kollegaer | tro 4")
    service.record_job("s1", "A-job: smed, B-job: lagerarbejder")
    clock.now = datetime(2025, 11, 26, 9, 0, tzinfo=UTC)
    service.start_conversation("s2", "kons-7", "Sag Ø-7", None, 30, clock())
    service.mark_agreement("Sag Ø-7", 1, "gjort", "to af tre sendt | én til på vej", username="kons-7")
    service.record_job("s2", "A-job: værkfører")
    return service.show_plan("sag ø-7", "kons-7")


def test_json_has_iso_dates_and_every_part(filled):
    data = json.loads(render_export(filled, "json", TODAY, exported_at=datetime(2025, 11, 26, 10, tzinfo=UTC)))
    assert data["format"] == FORMAT_ID and data["citizen"] == "Sag Ø-7"
    assert data["exported_at"] == "2025-11-26T10:00:00Z"
    assert [c["number"] for c in data["conversations"]] == [1, 2]
    assert data["conversations"][0]["started_at"] == "2025-11-19T09:00:00Z"
    first, second, third = data["agreements"]
    assert first == {
        "number": 1,
        "text": "Søren sender tre uopfordrede ansøgninger inden fredag",
        "owner": "borger",
        "action": "sender tre uopfordrede ansøgninger",
        "quantity": 3,
        "deadline": "2025-11-21",
        "status": "done",
        "status_note": "to af tre sendt | én til på vej",
        "smart": {"specific": True, "measurable": True, "time_bound": True, "accepted": True, "realistic": True},
        "missing": [],
        "created_at": "2025-11-19T09:00:00Z",
        "conversation": 1,
    }
    assert second["deadline"] == "2025-12-03" and second["status"] == "open"
    assert third["owner"] == "a-kasse" and third["deadline"] is None
    assert third["missing"] == ["time_bound", "accepted", "realistic"]
    assert third["smart"]["accepted"] is None
    assert [(s["kind"], s["value"], s["reason"]) for s in data["scaling"]] == [
        ("importance", 8, "han savner kollegaer"),
        ("confidence", 4, None),
    ]
    assert data["job_plan"]["active"] == {"A": "værkfører", "B": "lagerarbejder", "C": None}
    assert [(j["level"], j["title"], j["active"]) for j in data["job_plan"]["history"]] == [
        ("A", "smed", False),
        ("B", "lagerarbejder", True),
        ("A", "værkfører", True),
    ]
    assert data["contracts"] == [
        {"conversation": 1, "date": "2025-11-19", "about": "jobsøgning", "goal": "tre nye brancher", "how": None}
    ]


def test_notes_stay_out_of_the_export(service, filled):
    service.add_note("s2", "privat arbejdsnote")
    assert "privat arbejdsnote" not in json.dumps(
        plan_to_dict(service.show_plan("Sag Ø-7", "kons-7")), ensure_ascii=False
    )


def test_markdown_speaks_to_the_citizen(filled):
    text = to_markdown(filled, TODAY)
    assert text.startswith("# Min plan – Sag Ø-7\n")
    assert "## Det har du aftalt" in text
    assert "- Du har aftalt at sende tre uopfordrede ansøgninger senest fredag d. 21. november. Det er gjort." in text
    assert "- Du har aftalt at ringe til 2 vikarbureauer senest onsdag d. 3. december." in text
    assert "## Det har a-kassen lovet" in text and "- A-kassen har lovet at vurdere cv'et." in text
    assert "- A – drømmejobbet: værkfører" in text and "- B – et godt og acceptabelt job: lagerarbejder" in text
    assert "Hvor meget det betyder for dig at få et arbejde: 8 ud af 10" in text
    assert "- Samtalen onsdag d. 19. november: Vi talte om jobsøgning. Målet var tre nye brancher." in text


@pytest.mark.parametrize(
    "internal",
    ["han savner kollegaer", "to af tre sendt", "Mangler", "om borgeren", "SMART", "Søren sender", "Sag Ø-7:"],
)
def test_the_citizens_copy_leaves_out_the_consultants_working_material(filled, internal):
    """Reasons noted with readings and statuses, what is missing, SMART and third-person lines stay out."""
    assert internal not in to_markdown(filled, TODAY)
    assert not contains(to_pdf(filled, TODAY), internal)


def test_pdf_has_the_citizens_text(filled):
    pdf = to_pdf(filled, TODAY)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5000
    for phrase in (
        "Min plan – Sag Ø-7",
        "Du har aftalt at sende tre uopfordrede ansøgninger",
        "A – drømmejobbet: værkfører",
        "Hvor meget du tror på, at det lykkes: 4 ud af 10",
        "Du kan også se dem i Min Plan på jobnet.dk.",
    ):
        assert contains(pdf, phrase), phrase


def test_pdf_font_with_danish_letters_is_found():
    regular, _bold = find_fonts()
    assert regular.name == "DejaVuSans.ttf" and regular.is_file()


def test_empty_plan_exports(service):
    service.start_conversation("s1", "k", "Ny-1", None, 45, START)
    plan = service.show_plan("Ny-1", "kons-7")
    assert json.loads(render_export(plan, "json", TODAY))["agreements"] == []
    assert "- Ingen aftaler endnu." in render_export(plan, "md", TODAY).decode()
    assert render_export(plan, "pdf", TODAY).startswith(b"%PDF")
    with pytest.raises(PlanError, match="Ukendt format"):
        render_export(plan, "docx", TODAY)


# --- command line -----------------------------------------------------------------------------------------
def test_cli_export_json_to_stdout(filled, plan_db, capsysbinary):
    assert main(["plan", "export", "--citizen", "sag ø-7", "--format", "json", "--url", plan_db]) == 0
    data = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert data["citizen"] == "Sag Ø-7" and len(data["agreements"]) == 3


@pytest.mark.parametrize("fmt, start", [("md", b"# Min plan"), ("pdf", b"%PDF-"), ("json", b"{")])
def test_cli_export_to_file(filled, plan_db, tmp_path, fmt, start):
    out = tmp_path / "out" / f"plan.{fmt}"
    assert main(["plan", "export", "--citizen", "Sag Ø-7", "--format", fmt, "--out", str(out), "--url", plan_db]) == 0
    assert out.read_bytes().startswith(start)


def test_cli_unknown_citizen_fails_with_a_danish_message(plan_db, capsys):
    assert main(["plan", "export", "--citizen", "Ingen", "--url", plan_db]) == 1
    assert "Jeg kender ingen borger med referencen »Ingen«." in capsys.readouterr().err


def test_cli_as_a_process_with_database_url(filled, plan_db, tmp_path):
    env = {**os.environ, "DATABASE_URL": plan_db}
    command = [
        sys.executable,
        "-m",
        "bot",
        "plan",
        "export",
        "--citizen",
        "Sag Ø-7",
        "--format",
        "pdf",
        "--out",
        str(tmp_path / "p.pdf"),
    ]
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert contains((tmp_path / "p.pdf").read_bytes(), "sende tre uopfordrede ansøgninger")
