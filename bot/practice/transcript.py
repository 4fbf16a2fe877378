"""Plain-text transcripts of real conversations, and ``python -m bot review transcript``.

Format (UTF-8 text, one turn per line)::

    # comment lines and blank lines are ignored
    [00:12] K: Hej, velkommen. Hvad vil du gerne have ud af i dag?
    [00:20] B: Jeg vil gerne finde ud af, hvad jeg skal søge.
    K: Lines without a time stamp are fine too.

``K:`` is the consultant, ``B:`` the citizen (also accepted: ``Konsulent:``/``Borger:``, any
case). The optional ``[mm:ss]`` or ``[h:mm:ss]`` comes first. A line that starts with neither
continues the turn before it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

LINE_RE = re.compile(
    r"^\s*(?:\[(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\]\s*)?(?P<who>K|B|konsulent|borger|borgeren|konsulenten)\s*:\s*(?P<text>.*)$",
    re.IGNORECASE,
)
SPEAKERS = {"k": "K", "konsulent": "K", "konsulenten": "K", "b": "B", "borger": "B", "borgeren": "B"}


class TranscriptError(ValueError):
    pass


@dataclass
class Turn:
    speaker: str
    text: str
    time: int | None
    line: int

    def to_dict(self) -> dict:
        return {"speaker": self.speaker, "text": self.text, "time": self.time, "line": self.line}


def _seconds(stamp: str | None) -> int | None:
    if not stamp:
        return None
    parts = [int(p) for p in stamp.split(":")]
    seconds = 0
    for p in parts:
        seconds = seconds * 60 + p
    return seconds


def parse_transcript(text: str) -> list[Turn]:
    turns: list[Turn] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = LINE_RE.match(line)
        if m:
            turns.append(
                Turn(SPEAKERS[m.group("who").lower()], m.group("text").strip(), _seconds(m.group("time")), number)
            )
        elif turns:
            turns[-1].text = f"{turns[-1].text} {line}".strip()
        else:
            raise TranscriptError(f"linje {number}: forventede 'K:' eller 'B:' først på linjen")
    turns = [t for t in turns if t.text]
    if not any(t.speaker == "K" for t in turns):
        raise TranscriptError("udskriften har ingen konsulentreplikker (K:)")
    return turns


def review(text: str) -> dict:
    """Codes every consultant turn and computes the feedback. JSON-ready."""
    from bot.coder import code_turn
    from bot.practice.feedback import build_feedback

    turns = parse_transcript(text)
    utterances = []
    coded = []
    for t in turns:
        item = t.to_dict()
        if t.speaker == "K":
            coding = code_turn(t.text)
            item["code"] = coding.primary
            item["segments"] = [s.to_dict() for s in coding.segments]
            utterances.append(
                {
                    "index": len(utterances) + 1,
                    "line": t.line,
                    "time": t.time,
                    "text": t.text,
                    "code": coding.primary,
                    "segments": item["segments"],
                }
            )
        coded.append(item)
    payload = build_feedback(coded, source="transcript")
    return {"utterances": utterances, **payload}


def render_review(result: dict) -> str:
    from bot.coder import CODE_LABELS
    from bot.practice.feedback import render_feedback

    lines = ["Konsulentens replikker:"]
    for u in result["utterances"]:
        stamp = ""
        if u["time"] is not None:
            stamp = f"[{u['time'] // 60:02d}:{u['time'] % 60:02d}] "
        codes = ", ".join(CODE_LABELS[s["code"]] for s in u["segments"]) or CODE_LABELS[u["code"]]
        lines.append(f"{u['index']:3d}. {stamp}{codes}: {u['text']}")
    lines.append(render_feedback({"feedback": result["feedback"]}))
    return "\n".join(lines)


def main_review_transcript(path: str, as_json: bool = False) -> int:
    try:
        text = Path(path).read_text(encoding="utf-8")
        result = review(text)
    except (OSError, TranscriptError) as exc:
        import sys

        print(f"Fejl: {exc}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(render_review(result))
    return 0
