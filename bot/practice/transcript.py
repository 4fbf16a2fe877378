"""Plain-text transcripts of real conversations, and ``python -m bot review transcript``.

Format (UTF-8 text, one turn per line)::

    # comment lines and blank lines are ignored
    [00:12] K: Hej, velkommen. Hvad vil du gerne have ud af i dag?
    [00:20] B: Jeg vil gerne finde ud af, hvad jeg skal søge.
    K: Lines without a time stamp are fine too.

``K:`` is the consultant (in a joint conversation the jobcentre's), ``A:`` the a-kasse's
consultant in a joint conversation (fællessamtale), ``B:`` the citizen (also accepted:
``Konsulent:``/``Borger:``/``A-kasse:``, any case). ``K`` and ``A`` both count as consultant in
every measure. The optional ``[mm:ss]`` or ``[h:mm:ss]`` comes first. A line that starts with
no speaker continues the turn before it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

LINE_RE = re.compile(
    r"^\s*(?:\[(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\]\s*)?(?P<who>K|B|A|konsulent|borger|borgeren|konsulenten|a-kassen?|akassen?)\s*:\s*(?P<text>.*)$",
    re.IGNORECASE,
)
SPEAKERS = {
    "k": "K",
    "konsulent": "K",
    "konsulenten": "K",
    "a": "A",
    "a-kasse": "A",
    "a-kassen": "A",
    "akasse": "A",
    "akassen": "A",
    "b": "B",
    "borger": "B",
    "borgeren": "B",
}
CONSULTANT_SPEAKERS = frozenset({"K", "A"})


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
            raise TranscriptError(f"linje {number}: forventede 'K:', 'A:' eller 'B:' først på linjen")
    turns = [t for t in turns if t.text]
    if not any(t.speaker in CONSULTANT_SPEAKERS for t in turns):
        raise TranscriptError("udskriften har ingen konsulentreplikker (K: eller A:)")
    return turns


def review(text: str) -> dict:
    """Judges the transcript and lists every consultant utterance with its codes. JSON-ready.

    ``utterances``: ``{"index", "line", "time", "speaker", "text", "code", "segments", "labels"}``
    per consultant turn: the coder's segments and primary code, and ``labels``, what the
    judgement engine saw in the turn (Danish). ``feedback``: the feedback payload.
    """
    from bot.practice.feedback import build_feedback

    turns = parse_transcript(text)
    payload = build_feedback([t.to_dict() for t in turns], source="transcript")
    judged = payload["feedback"]["turns"]
    utterances = []
    for turn, item in zip((t for t in turns if t.speaker in CONSULTANT_SPEAKERS), judged, strict=True):
        segments = [{"text": s, "code": c} for s, c in _segments(turn.text, item["codes"])]
        utterances.append(
            {
                "index": item["turn"],
                "line": turn.line,
                "time": turn.time,
                "speaker": turn.speaker,
                "text": turn.text,
                "code": _primary(item["codes"]),
                "segments": segments,
                "labels": item["labels"],
            }
        )
    return {"utterances": utterances, **payload}


def _segments(text: str, codes: list[str]) -> list[tuple[str, str]]:
    from bot.coder import code_turn

    coding = code_turn(text)  # cached: the same segments the engine judged
    return [(s.text, s.code) for s in coding.segments] or [(text, c) for c in codes]


def _primary(codes: list[str]) -> str:
    from bot.coder.coder import PRIMARY_ORDER

    return next((c for c in PRIMARY_ORDER if c in codes), "andet")


def render_review(result: dict) -> str:
    from bot.practice.feedback import render_feedback

    lines = ["Konsulentens replikker:"]
    for u in result["utterances"]:
        stamp = ""
        if u["time"] is not None:
            stamp = f"[{u['time'] // 60:02d}:{u['time'] % 60:02d}] "
        who = "" if u["speaker"] == "K" else f"{u['speaker']}: "
        labels = ", ".join(u["labels"]) or "–"
        lines.append(f"{u['index']:3d}. {stamp}{who}{labels}: {u['text']}")
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
