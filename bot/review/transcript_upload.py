"""An uploaded transcript, reviewed like a practice: checked, redacted, coded, and shaped for a page.

``review_upload(filename, body)`` takes the raw upload and returns a ``TranscriptReport``
(the metrics with their green/yellow/red status, every line with the codes of the consultant's
turns, and the feedback's strengths, gaps and suggestions), or raises ``UploadError`` with a
Danish message that says what is wrong with the file. Nothing is stored. Coding loads spaCy
and the coder on first use (seconds), so callers on an event loop run this in a worker thread.

``feedback_notes`` reads strengths, gaps, suggestions and the scoring rules ("Sådan regnes
point") from any feedback payload, so the conversation page shows a logged practice's feedback
the same way. The judging is ``bot.judgement``'s, the same as in practice and on the command line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.coder import CODE_LABELS
from bot.core.personal_data import redact_text
from bot.practice.transcript import CONSULTANT_SPEAKERS, TranscriptError, Turn, parse_transcript
from bot.review.conversation_review import Metric, feedback_metrics

MAX_UPLOAD_BYTES = 200 * 1024
MAX_TURNS = 1500
ALLOWED_SUFFIXES = (".txt",)


class UploadError(ValueError):
    """The upload cannot be reviewed; the message is Danish and says why."""


# --- the shapes ---------------------------------------------------------------------------
SITUATION_LABELS = {  # the "situation" of a suggestion (bot.judgement.suggestions), shown as a tag
    "information": "information uden UGU",
    "skala": "skalaspørgsmål",
    "kontrakt": "kontrakt",
    "lukket spørgsmål": "lukket spørgsmål",
}


@dataclass(frozen=True)
class Suggestion:
    quote: str
    instead: str
    why: str
    code_label: str | None = None


@dataclass(frozen=True)
class FeedbackNotes:
    strengths: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    scoring: tuple[str, ...] = ()  # "Sådan regnes point"

    @property
    def empty(self) -> bool:
        return not (self.strengths or self.gaps or self.suggestions)


@dataclass(frozen=True)
class CodedLine:
    speaker: str  # "K" consultant, "A" the a-kasse's consultant in a joint conversation, "B" citizen
    text: str
    at_s: int | None = None  # the transcript's time stamp, seconds from the start
    code_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class TranscriptReport:
    lines: tuple[CodedLine, ...]
    metrics: tuple[Metric, ...]
    score: int
    overall: str  # green / yellow / red
    notes: FeedbackNotes

    @property
    def consultant_turns(self) -> int:
        return sum(1 for line in self.lines if line.speaker in CONSULTANT_SPEAKERS)

    @property
    def citizen_turns(self) -> int:
        return sum(1 for line in self.lines if line.speaker == "B")

    @property
    def turns(self) -> int:
        return len(self.lines)


# --- reading feedback ----------------------------------------------------------------------
def code_labels(codes: Iterable[str | None]) -> tuple[str, ...]:
    """Danish labels of coder codes, in order, without repeats."""
    labels: list[str] = []
    for code in codes:
        label = CODE_LABELS.get(code or "", code)
        if label and label not in labels:
            labels.append(label)
    return tuple(labels)


def _texts(items: Any, key: str | None = None) -> tuple[str, ...]:
    texts = []
    for item in items or ():
        text = item.get(key) if key and isinstance(item, Mapping) else item
        if isinstance(text, str) and text.strip():
            texts.append(text)
    return tuple(texts)


def _suggestion(item: Mapping) -> Suggestion:
    situation, code = item.get("situation"), item.get("code")
    if isinstance(situation, str):
        label = "pres" if situation.startswith("pres") else SITUATION_LABELS.get(situation)
    else:
        label = CODE_LABELS.get(code) if code else None  # payloads stored before schema /2
    return Suggestion(str(item.get("quote") or ""), str(item.get("instead") or ""), str(item.get("why") or ""), label)


def feedback_notes(feedback: Mapping | None) -> FeedbackNotes:
    """Strengths, gaps and "prøv i stedet" suggestions of a feedback payload's inner dict."""
    if not feedback:
        return FeedbackNotes()
    suggestions = tuple(_suggestion(s) for s in feedback.get("suggestions") or () if isinstance(s, Mapping))
    scoring = feedback.get("scoring")
    return FeedbackNotes(
        _texts(feedback.get("strengths")),
        _texts(feedback.get("gaps"), "text"),
        tuple(s for s in suggestions if s.quote or s.instead),
        _texts(scoring.get("rules")) if isinstance(scoring, Mapping) else (),
    )


# --- the upload ----------------------------------------------------------------------------
def _kilobytes(size: int) -> str:
    return f"{size / 1024:.0f} KB"


def read_upload(filename: str | None, body: bytes | None) -> str:
    """The text of an uploaded transcript file, or ``UploadError`` saying what is wrong with it."""
    name = (filename or "").strip()
    if not name and not body:
        raise UploadError("Vælg en fil med udskriften.")
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise UploadError("Udskriften skal være en tekstfil (.txt). Gem den som ren tekst, og prøv igen.")
    body = body or b""
    if len(body) > MAX_UPLOAD_BYTES:
        raise UploadError(
            f"Filen er for stor ({_kilobytes(len(body))}). Den må højst fylde {_kilobytes(MAX_UPLOAD_BYTES)}."
        )
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError(
            "Filen kan ikke læses som UTF-8-tekst. Gem den med tegnkodningen UTF-8 "
            "(fx i Notesblok: Gem som → Kodning: UTF-8), og prøv igen."
        ) from None
    if not text.strip():
        raise UploadError("Filen er tom.")
    if "\x00" in text:
        raise UploadError("Filen ligner ikke en tekstfil. Gem udskriften som ren tekst (.txt), og prøv igen.")
    return text


def parse_upload(text: str) -> list[Turn]:
    try:
        turns = parse_transcript(text)
    except TranscriptError as error:
        raise UploadError(
            f"Udskriften kan ikke læses ({error}). Hver replik skal stå på sin egen linje og begynde med "
            "»K:« (konsulenten), »A:« (a-kassens konsulent i en fællessamtale) eller »B:« (borgeren)."
        ) from None
    if len(turns) > MAX_TURNS:
        raise UploadError(f"Udskriften har {len(turns)} replikker. Der kan højst gennemgås {MAX_TURNS} ad gangen.")
    return turns


def transcript_report(turns: list[Turn], result: Mapping) -> TranscriptReport:
    """The page's view of ``bot.practice.transcript.review``'s result for these turns: each
    consultant line with what the judgement engine saw in it."""
    coded = {u["line"]: u for u in result.get("utterances") or ()}
    lines = []
    for turn in turns:
        utterance = coded.get(turn.line) if turn.speaker in CONSULTANT_SPEAKERS else None
        labels = tuple((utterance or {}).get("labels") or ())
        lines.append(CodedLine(turn.speaker, turn.text, turn.time, labels))
    feedback = result.get("feedback") or {}
    return TranscriptReport(
        tuple(lines),
        feedback_metrics(feedback),
        int(feedback.get("score") or 0),
        str(feedback.get("overall") or "red"),
        feedback_notes(feedback),
    )


def redacted(text: str) -> str:
    """``text`` with CPR numbers, phone numbers and e-mail addresses replaced, line by line."""
    return "\n".join(redact_text(line) for line in text.splitlines())


def review_upload(filename: str | None, body: bytes | None) -> TranscriptReport:
    """Check, redact, code and review an uploaded transcript. Blocking (loads the coder)."""
    from bot.practice.transcript import review

    text = redacted(read_upload(filename, body))
    turns = parse_upload(text)
    return transcript_report(turns, review(text))
