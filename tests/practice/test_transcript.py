"""Plain-text transcripts and ``python -m bot review transcript FILE [--json]``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.practice.transcript import TranscriptError, parse_transcript, review
from bot.review.cli import add_commands

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "transcript_erling_sample.txt"


def test_parse_format():
    turns = parse_transcript(
        "# kommentar\n"
        "[00:05] K: Hej, velkommen.\n"
        "\n"
        "[1:02:03] B: Tak.\n"
        "Det er rart at være her.\n"
        "Konsulent: Hvad vil du gerne tale om?\n"
        "borger: Job.\n"
    )
    assert [t.speaker for t in turns] == ["K", "B", "K", "B"]
    assert turns[0].time == 5 and turns[1].time == 3723 and turns[2].time is None
    assert turns[1].text == "Tak. Det er rart at være her."
    assert turns[3].line == 7


def test_parse_the_a_kasse_consultant_of_a_joint_conversation():
    turns = parse_transcript(
        "[00:05] K: Velkommen.\n[00:10] A: Jeg er fra a-kassen.\nog fra Lene.\nA-kasse: Hej.\nB: Hej."
    )
    assert [t.speaker for t in turns] == ["K", "A", "A", "B"]
    assert turns[1].text == "Jeg er fra a-kassen. og fra Lene." and turns[1].time == 10
    assert [t.speaker for t in parse_transcript("A: Kun a-kassen og borgeren.\nB: Ja.")] == ["A", "B"]


def test_parse_errors():
    with pytest.raises(TranscriptError):
        parse_transcript("Hej med dig\nK: Hej")
    with pytest.raises(TranscriptError):
        parse_transcript("B: Kun borgeren taler.")


def test_review_codes_and_judges_each_consultant_utterance():
    result = review(SAMPLE.read_text(encoding="utf-8"))
    utterances = result["utterances"]
    assert len(utterances) == 12
    codes = [u["code"] for u in utterances]
    assert codes[0] == "kontrakt" and codes[2] == "aabent_spoergsmaal" and codes[3] == "refleksion"
    assert utterances[0]["labels"][0] == "kontrakt" and "timeout" in utterances[8]["labels"]
    assert "information (UGU brudt)" in utterances[5]["labels"]  # "Der er mange job …" with nothing asked after
    assert "skala spurgt opad" in utterances[7]["labels"]  # "Hvorfor ikke en 10?"
    f = result["feedback"]
    assert f["metrics"]["contract"]["at_start"]
    assert f["metrics"]["ugu"]["kept"] == 0
    assert f["metrics"]["scaling"]["importance"]["asked"] and not f["metrics"]["scaling"]["importance"]["explored_down"]
    assert f["metrics"]["agreements"]["smart_count"] == 1
    assert utterances[0]["time"] == 5 and utterances[0]["line"] == 3
    scale = next(s for s in f["suggestions"] if s["situation"] == "skala")
    assert scale["instead"] == "Hvad gør, at det er en 9 og ikke en 1?"  # the citizen's 9, not the trainee's 10


def test_review_json_keeps_the_keys_scripts_read():
    f = review(SAMPLE.read_text(encoding="utf-8"))["feedback"]
    m = f["metrics"]
    assert isinstance(f["score"], int) and f["overall"] in ("green", "yellow", "red")
    assert isinstance(m["contract"]["present"], bool)
    assert all(isinstance(m["closure"][k], bool) for k in ("summary", "agreement", "evaluation"))
    assert all(isinstance(m["scaling"][k]["explored_down"], bool) for k in ("importance", "confidence"))
    assert all(isinstance(m[k]["count"], int) for k in ("timeouts", "pressure"))
    assert m["ugu"]["status"] in ("green", "yellow", "red") and m["ugu"]["result"] in ("kept", "broken", "none")
    assert isinstance(m["agreements"]["smart_count"], int) and isinstance(m["open_question_share"]["open"], int)


def _run(argv, capsys):
    import argparse

    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args), capsys.readouterr()


def test_cli_text_and_json(capsys):
    code, out = _run(["review", "transcript", str(SAMPLE)], capsys)
    assert code == 0
    assert "Konsulentens replikker:" in out.out and "Feedback på samtalen" in out.out
    assert "[00:05] kontrakt, " in out.out and "Sådan regnes point:" in out.out
    code, out = _run(["review", "transcript", str(SAMPLE), "--json"], capsys)
    data = json.loads(out.out)
    assert code == 0 and len(data["utterances"]) == 12 and data["feedback"]["source"] == "transcript"


def test_cli_missing_file(capsys, tmp_path):
    code, out = _run(["review", "transcript", str(tmp_path / "nope.txt")], capsys)
    assert code == 2 and "Fejl" in out.err


def test_real_entry_point():
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "review", "transcript", str(SAMPLE), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout)["utterances"][0]["code"] == "kontrakt"
