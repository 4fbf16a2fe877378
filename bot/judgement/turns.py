"""The conversation as the judgement engine reads it: turns, speakers, sentences, words.

A turn comes in as a dict ``{"speaker": "K"|"A"|"B", "text": ..., "time": seconds or None}``
(a parsed transcript, a practice history entry). ``K`` is the consultant (in a joint
conversation the jobcentre's), ``A`` the a-kasse's consultant in a joint conversation, ``B``
the citizen. Both ``K`` and ``A`` count as consultant for every consultant-side measure.
Anything else (a missing text, an unknown speaker, a non-string) is dropped, never fatal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

from bot.coder.coder import split_sentences
from bot.coder.cues import normalize

CONSULTANTS = frozenset({"K", "A"})
CITIZEN = "B"
MAX_TURN_CHARS = 5000  # a longer "turn" is cut: nobody says more in one breath, and rules stay linear
WORD_RE = re.compile(r"[a-zæøåéü0-9]+(?:'[a-zæøå]+)?", re.IGNORECASE)
SECOND_PERSON_RE = re.compile(r"\b(?:du|dig|din|dit|dine)\b", re.IGNORECASE)
THIRD_PERSON_RE = re.compile(r"\b(?:han|hun|ham|hende|hans|hendes)\b", re.IGNORECASE)


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD_RE.findall(text or "")]


@lru_cache(maxsize=4096)
def lemma_pairs(text: str) -> tuple[tuple[str, str], ...]:
    """(word, lemma) for each word of ``text``, lower case, from the project's Danish spaCy
    pipeline (the lookup lemmatizer: deterministic, about a third of a millisecond a sentence).
    The pipeline is loaded on first use; the coder has loaded it already on every hot path."""
    from bot.nlp.pipeline import load_pipeline

    doc = load_pipeline()(text.lower())
    return tuple((t.lower_, (t.lemma_ or t.lower_).lower()) for t in doc if WORD_RE.fullmatch(t.text))


def lemmas(text: str) -> list[str]:
    return [lemma for _, lemma in lemma_pairs(text)]


# Words too common to show that one turn takes up another's content (lemmas, lower case).
CONTENT_STOPWORDS = frozenset(
    "ikke også bare noget nogen meget lidt rigtig faktisk altså godt være blive bliver havde have skal skulle "
    "kunne ville gerne hvad hvordan hvor når fordi sådan igen sammen andre anden andet dengang selv måtte "
    "mede eller efter inden over under alle hele mange nogle helt lige først derfor hvis".split()
)
MIN_CONTENT_CHARS = 4


def content_lemmas(text: str) -> set[str]:
    """The lemmas of the content words of ``text`` (at least four letters, not a stop word)."""
    return {
        lemma
        for word, lemma in lemma_pairs(text)
        if len(word) >= MIN_CONTENT_CHARS and lemma not in CONTENT_STOPWORDS and word not in CONTENT_STOPWORDS
    }


def is_present_verb(word: str, lemma: str) -> bool:
    """A present-tense verb by its lemma: "søger" ← "søge", "går" ← "gå" (the form is the lemma
    plus -r). Nouns in -er are lemmatised to their singular ("stillinger" ← "stilling")."""
    return len(word) > 2 and word == lemma + "r"


@dataclass(frozen=True)
class Turn:
    """One turn. ``position`` counts all turns from 0; ``number`` counts consultant turns from 1
    (0 for the citizen), the number the feedback payload calls ``turn``."""

    position: int
    speaker: str
    text: str
    time: int | None = None
    number: int = 0

    @property
    def consultant(self) -> bool:
        return self.speaker in CONSULTANTS

    @cached_property
    def low(self) -> str:
        return self.text.lower()

    @cached_property
    def sentences(self) -> tuple[str, ...]:
        return tuple(split_sentences(self.text))

    @cached_property
    def words(self) -> list[str]:
        return words(self.text)


def _speaker(value: object) -> str | None:
    speaker = str(value or "").strip().upper()[:1]
    return speaker if speaker in CONSULTANTS or speaker == CITIZEN else None


def _time(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def as_turns(raw: Iterable[Mapping]) -> list[Turn]:
    """The usable turns of ``raw``, numbered; malformed entries are skipped."""
    turns: list[Turn] = []
    number = 0
    for item in raw or ():
        if not isinstance(item, Mapping):
            continue
        speaker, text = _speaker(item.get("speaker")), item.get("text")
        if speaker is None or not isinstance(text, str):
            continue
        text = normalize(text[:MAX_TURN_CHARS])
        if not text:
            continue
        if speaker in CONSULTANTS:
            number += 1
        turns.append(Turn(len(turns), speaker, text, _time(item.get("time")), number if speaker in CONSULTANTS else 0))
    return turns


def next_citizen(turns: list[Turn], turn: Turn) -> Turn | None:
    """The citizen's first turn after ``turn`` (before the next consultant turn or not)."""
    return next((t for t in turns[turn.position + 1 :] if t.speaker == CITIZEN), None)


def citizen_reply(turns: list[Turn], turn: Turn) -> Turn | None:
    """The citizen's turn right after ``turn``, if the next turn is the citizen's."""
    following = turns[turn.position + 1] if turn.position + 1 < len(turns) else None
    return following if following is not None and following.speaker == CITIZEN else None


def previous_citizen(turns: list[Turn], turn: Turn) -> Turn | None:
    """The citizen's turn just before ``turn`` (None if a consultant spoke in between)."""
    for t in reversed(turns[: turn.position]):
        if t.speaker == CITIZEN:
            return t
        if t.consultant:
            return None
    return None


def is_joint(turns: list[Turn]) -> bool:
    """Two consultants (K and A) take part: a joint conversation (fællessamtale)."""
    return {"K", "A"} <= {t.speaker for t in turns}


FIRST_PLURAL_RE = re.compile(r"\b(?:vi|os|vores)\b", re.IGNORECASE)


# A consultant's turn that answers a question put to them: "Gerne.", "Ja, …", "Jo, det kan jeg."
ANSWER_START_RE = re.compile(
    r"\s*(?:gerne|ja|jo|nej|okay|ok|selvfølgelig|klart|det kan jeg|det vil jeg)\b", re.IGNORECASE
)


def colleague_turns(turns: list[Turn]) -> frozenset[int]:
    """Positions of consultant turns addressed to the other consultant in a joint conversation.

    Such a turn talks about the citizen in the third person among "us", not to them ("Skal vi
    ikke se på, om han kan …?"), or answers the colleague's turn before it without a word to the
    citizen ("Jo, det kan vi godt."), or asks something the other consultant answers instead of the
    citizen ("Lene, det er vist dit område. Vil du tage den?", and Lene speaks next); it counts in
    no measure. A third person alone is no sign:
    a reflection tells the citizen about someone else ("Hun var interesseret …").
    """
    if not is_joint(turns):
        return frozenset()
    found: set[int] = set()
    for t in turns:
        after = turns[t.position + 1] if t.position + 1 < len(turns) else None
        handed_over = (
            t.consultant and after is not None and after.consultant and after.speaker != t.speaker
            and t.text.rstrip().endswith("?") and bool(ANSWER_START_RE.match(after.text))
        )  # fmt: skip
        if handed_over:
            found.add(t.position)
            continue
        if not t.consultant or SECOND_PERSON_RE.search(t.text):
            continue
        about_the_citizen = THIRD_PERSON_RE.search(t.text) and FIRST_PLURAL_RE.search(t.text)
        before = turns[t.position - 1] if t.position else None
        answers_colleague = (
            before is not None and before.position in found and before.consultant and before.speaker != t.speaker
        )
        if about_the_citizen or answers_colleague:
            found.add(t.position)
    return frozenset(found)
