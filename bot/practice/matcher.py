"""Which topic of the case a trainee's line is about: deterministic, offline, a few milliseconds.

The trainee's line is tokenised by the project's Danish spaCy pipeline (``bot.nlp.pipeline``);
every token is compared, folded (``bot.core.folding``), by its surface form and by its lemma
with the cue lexicon in ``topic_cues.yml`` (cues shared by every case, plus each case's own,
which hold the synonyms consultants use). A token that matches no cue at all may still match
one by character trigrams (typos such as "diskosprolaps" or "bornehaven"). Each topic scores the
weights of the cues it matched; the topics at or above the threshold come back best first.

Cue syntax (folded: ae/oe/aa): ``word`` (surface or lemma equal), ``stem*`` (starts with),
``*end`` (ends with: the second half of a compound), ``*part*`` (contains, five letters or
more), ``a b`` (consecutive tokens), ``a .. b`` (b within three tokens after a).

Structural lines (a timeout, a closing line, asking permission) name a topic only with strong
evidence (``STRUCTURAL_MIN``): "Skal vi stoppe op?" is about the conversation, not the case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import yaml

from bot.core.folding import fold
from bot.practice.topics import case_topics

CUES_FILE = Path(__file__).with_name("topic_cues.yml")
WEIGHTS = {"strong": 2.0, "cues": 1.0, "weak": 0.5}
THRESHOLD = 1.0  # a topic needs one ordinary cue (or two weak ones)
STRUCTURAL_MIN = 2.0  # ... and a strong one (or two ordinary) when the line is structural
STRUCTURAL_CODES = frozenset({"timeout", "afslutning", "information_med_tilladelse", "autonomi", "bekraeftelse"})
SECONDARY_SHARE = 0.6  # other topics named beside the best one need this share of its score
GAP = 3  # "a .. b": b within this many tokens after a
FUZZY_MIN_LENGTH = 5
FUZZY_DICE = 0.72  # trigram Dice coefficient for a typo to count as the cue word
MAX_TOKENS = 120
# Ties between common topics: concrete subjects first, frames ("what do you wish", motivation) last.
COMMON_PRIORITY: tuple[str, ...] = (
    "fears",
    "job_a",
    "job_b",
    "job_c",
    "health",
    "family",
    "reading_writing",
    "internship",
    "upskilling",
    "education",
    "mobility",
    "money",
    "network",
    "job_search",
    "work_history",
    "daily_life",
    "strengths",
    "wishes",
    "ambivalence",
    "booked_topic",
    "intro",
)  # a wall of text is matched on its first sentences only
_PUNCT = re.compile(r"^[\W_]+$")


@dataclass(frozen=True)
class Part:
    kind: str  # exact | prefix | suffix | infix
    text: str

    def matches(self, forms: tuple[str, ...]) -> bool:
        if self.kind == "exact":
            return self.text in forms
        if self.kind == "prefix":
            return any(f.startswith(self.text) for f in forms)
        if self.kind == "suffix":
            return any(f.endswith(self.text) for f in forms)
        return any(self.text in f for f in forms)


@dataclass(frozen=True)
class Cue:
    text: str
    parts: tuple[Part, ...]
    gapped: bool
    weight: float

    def span(self, tokens: list[tuple[str, ...]]) -> tuple[int, ...] | None:
        """The token positions of the first place the cue matches, or None."""
        first, rest = self.parts[0], self.parts[1:]
        for start, forms in enumerate(tokens):
            if first.matches(forms):
                tail = self._rest_from(tokens, start + 1, rest)
                if tail is not None:
                    return (start, *tail)
        return None

    def _rest_from(self, tokens: list[tuple[str, ...]], index: int, rest: tuple[Part, ...]) -> tuple[int, ...] | None:
        if not rest:
            return ()
        window = (
            range(index, min(len(tokens), index + GAP)) if self.gapped else range(index, min(len(tokens), index + 1))
        )
        for i in window:
            if rest[0].matches(tokens[i]):
                tail = self._rest_from(tokens, i + 1, rest[1:])
                if tail is not None:
                    return (i, *tail)
        return None


@dataclass(frozen=True)
class TopicMatch:
    """The topics a line is about (best first), their scores, and the technique code."""

    topics: tuple[str, ...]
    scores: dict[str, float] = field(default_factory=dict)
    code: str = "andet"

    @property
    def topic(self) -> str | None:
        return self.topics[0] if self.topics else None


def _part(raw: str) -> Part:
    if raw.startswith("*") and raw.endswith("*") and len(raw) > 2:
        return Part("infix", raw[1:-1])
    if raw.endswith("*"):
        return Part("prefix", raw[:-1])
    if raw.startswith("*"):
        return Part("suffix", raw[1:])
    return Part("exact", raw)


def parse_cue(raw: str, weight: float) -> Cue:
    """One cue from the lexicon's syntax; raises ValueError for an unusable one."""
    if not isinstance(raw, str):
        raise ValueError(f"cue is not text: {raw!r}")
    text = fold(raw)
    gapped = " .. " in text
    words = [w for w in re.split(r"\s+(?:\.\.\s+)?", text) if w]
    if not words or any(w in {"*", "**"} for w in words):
        raise ValueError(f"empty cue {raw!r}")
    parts = tuple(_part(w) for w in words)
    if any(p.kind == "infix" and len(p.text) < 5 for p in parts):
        raise ValueError(f"infix cue shorter than five letters: {raw!r}")
    return Cue(text, parts, gapped, weight)


@cache
def _lexicon_data() -> dict:
    return yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))


def _cues_of(entry: dict | None) -> list[Cue]:
    cues: list[Cue] = []
    for kind, weight in WEIGHTS.items():
        cues.extend(parse_cue(raw, weight) for raw in (entry or {}).get(kind) or [])
    return cues


@dataclass(frozen=True)
class Lexicon:
    case_id: str
    order: tuple[str, ...]  # tie-breaking: the case's own topics, then the common ones
    cues: dict[str, tuple[Cue, ...]]
    vocabulary: tuple[Part, ...]  # exact words and stems of five letters or more, for typos
    exact: frozenset[str] = frozenset()  # the vocabulary's exact words …
    prefixes: tuple[str, ...] = ()  # … and stems, for a quick "is this token known?"


@cache
def lexicon(case_id: str) -> Lexicon:
    data = _lexicon_data()
    topics = case_topics(case_id)
    own = data.get("cases", {}).get(case_id) or {}
    unknown = set(own) - set(topics)
    if unknown:
        raise ValueError(f"{case_id}: cues for unknown topics {sorted(unknown)}")
    cues: dict[str, tuple[Cue, ...]] = {}
    for topic_id in topics:
        replaced = (own.get(topic_id) or {}).get("replace_common", False)
        common = [] if replaced else _cues_of(data["common"].get(topic_id))
        merged = common + _cues_of(own.get(topic_id))
        # Strongest first, longest phrase first: a word is scored once, for its best cue.
        cues[topic_id] = tuple(sorted(merged, key=lambda c: (-c.weight, -len(c.parts))))
    order = _tie_order(topics, own)
    vocabulary = {
        part
        for topic_cues in cues.values()
        for cue in topic_cues
        for part in cue.parts
        if part.kind in {"exact", "prefix"} and len(part.text) >= FUZZY_MIN_LENGTH
    }
    ordered = tuple(sorted(vocabulary, key=lambda p: (p.text, p.kind)))
    return Lexicon(
        case_id,
        order,
        cues,
        ordered,
        frozenset(p.text for p in ordered if p.kind == "exact"),
        tuple(p.text for p in ordered if p.kind == "prefix"),
    )


def _tie_order(topics: dict, own: dict) -> tuple[str, ...]:
    """Who wins a tie: the hidden layer, the case's own topics, then the common ones by
    PRIORITY (concrete things before frames such as wishes and motivation)."""
    hidden = [t for t in topics if t.startswith("hidden_")]
    case_only = [t for t in topics if t not in hidden and t not in COMMON_PRIORITY]
    common = [t for t in COMMON_PRIORITY if t in topics]
    return tuple(hidden + case_only + common)


# --- tokens -------------------------------------------------------------------------------------
@lru_cache(maxsize=8192)
def _trigrams(word: str) -> frozenset[str]:
    padded = f"#{word}#"
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


@cache
def _trigram_index(case_id: str) -> tuple[tuple[Part, frozenset[str]], ...]:
    return tuple((part, _trigrams(part.text)) for part in lexicon(case_id).vocabulary)


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _known(forms: tuple[str, ...], lex: Lexicon) -> bool:
    return any(f in lex.exact or f.startswith(lex.prefixes) for f in forms)


@lru_cache(maxsize=8192)
def _typo_form(word: str, case_id: str) -> str | None:
    """The one vocabulary word (or stem) ``word`` is a likely typo of, by character trigrams."""
    best, best_score, tied = None, 0.0, False
    for part, grams in _trigram_index(case_id):
        candidate = word[: len(part.text) + 1] if part.kind == "prefix" else word
        if abs(len(candidate) - len(part.text)) > 2:
            continue
        score = _dice(_trigrams(candidate), grams)
        if score > best_score:
            best, best_score, tied = part, score, False
        elif score == best_score and best is not None and part.text != best.text:
            tied = True
    if best is None or best_score < FUZZY_DICE or tied:
        return None
    return best.text


def _token_forms(token) -> tuple[str, ...]:
    forms = tuple(dict.fromkeys((fold(token.text), fold(token.lemma_ or token.text))))
    if "-" in forms[0].strip("-"):  # "pau-uddannelsen", "amu-kurser": the parts count too
        forms = tuple(dict.fromkeys((*forms, *(p for p in forms[0].split("-") if p))))
    return forms


def _words(doc) -> list:
    return [t for t in doc[:MAX_TOKENS] if not t.is_space and not _PUNCT.match(t.text)]


@lru_cache(maxsize=4096)
def tokens(text: str, case_id: str) -> tuple[tuple[str, ...], ...]:
    """Each token's folded forms: surface, lemma and (for a likely typo) the cue word it stands for.

    Cached: one line is read by the matcher, the triggers, the corrections and the closure."""
    from bot.nlp.pipeline import load_pipeline

    lex = lexicon(case_id)
    result: list[tuple[str, ...]] = []
    for token in _words(load_pipeline()(text[:2000])):
        forms = _token_forms(token)
        if len(forms[0]) >= FUZZY_MIN_LENGTH and not _known(forms, lex):
            typo = _typo_form(forms[0], case_id)
            if typo:
                forms = (*forms, typo)
        result.append(forms)
    return tuple(result)


# --- scoring ------------------------------------------------------------------------------------
@cache
def _cue_index(case_id: str) -> tuple[dict[str, tuple], dict[str, tuple], tuple]:
    """The lexicon's cues by their first word: exact words, stems (by stem), and the rest."""
    exact: dict[str, list] = {}
    prefix: dict[str, list] = {}
    other: list = []
    for topic_id, cues in lexicon(case_id).cues.items():
        for cue in cues:
            first = cue.parts[0]
            target = exact if first.kind == "exact" else prefix if first.kind == "prefix" else None
            if target is None:
                other.append((topic_id, cue))
            else:
                target.setdefault(first.text, []).append((topic_id, cue))
    return {k: tuple(v) for k, v in exact.items()}, {k: tuple(v) for k, v in prefix.items()}, tuple(other)


def _candidates(case_id: str, toks) -> list:
    """The cues whose first word can match a token of the line (the others cannot match at all)."""
    exact, prefix, other = _cue_index(case_id)
    found: dict[int, tuple] = {}
    for forms in toks:
        for form in forms:
            for item in exact.get(form, ()):
                found[id(item[1])] = item
            for end in range(1, len(form) + 1):
                for item in prefix.get(form[:end], ()):
                    found[id(item[1])] = item
    return [*found.values(), *other]


def score_topics(case_id: str, text: str) -> dict[str, float]:
    """Each topic's score: the weights of its matched cues.

    A word counts once per topic (for its strongest cue), and a phrase outranks its words: a
    word inside a longer phrase of one topic no longer counts for a shorter cue of another
    ("i årene efter butikken" is the years after the shop job, not the shop job).
    """
    toks = tokens(text, case_id)
    hits = []
    for topic_id, cue in _candidates(case_id, toks):
        span = cue.span(toks)
        if span is not None:
            hits.append((topic_id, cue, span))
    claimed: dict[int, tuple[str, int]] = {}  # token -> (topic, length of the phrase that claimed it)
    used: dict[str, set[int]] = {}
    scores: dict[str, float] = {}
    for topic_id, cue, span in sorted(hits, key=lambda h: (-len(h[1].parts), -h[1].weight)):
        length = len(cue.parts)
        if any(i in claimed and claimed[i][0] != topic_id and claimed[i][1] > length for i in span):
            continue
        own = used.setdefault(topic_id, set())
        if own.intersection(span):
            continue
        own.update(span)
        for i in span:
            claimed.setdefault(i, (topic_id, length))
        scores[topic_id] = scores.get(topic_id, 0.0) + cue.weight
    return scores


# --- the second layer: the citizen's own words ---------------------------------------------------
# A line no cue recognises is compared with the answer bank itself: each topic's lines, as word
# stems weighted by how few topics use them (IDF). "Hvad har du undervist i?" shares the rare stem
# "underv" with the citizen's lines about the university years. Only a rare shared stem counts, so
# a line about the conversation itself ("det lyder svært") stays without a topic.
STEM_LENGTH = 6
BANK_MIN_SCORE = 1.5  # IDF sum needed (a stem used by one topic of ~29 scores about 3.4)
BANK_MAX_TOPICS = 2  # a shared stem must belong to at most this many topics to count
BANK_CODES = frozenset({"aabent_spoergsmaal", "lukket_spoergsmaal"})  # only questions ask about a fact
STOP_STEMS = frozenset(
    fold(w)[:STEM_LENGTH]
    for w in (
        "altså bare også ikke noget nogen meget lidt godt helt rigtig faktisk egentlig ærlig sådan "
        "hvad hvordan hvorfor hvornår hvilke hvilken hvem hvor være have blive gøre sige komme tage "
        "kunne skulle ville måtte synes tænke tror mener føle gerne lige igen altid aldrig andre "
        "anden andet hele alle allerede stadig måske kun hver dag tid gang gange ting noget nogle "
        "sammen selv derfor fordi efter inden uden siden mens samme mange flere mest mere hinanden "
        "dengang lige nu her der hvis eller men og så at det den de jeg du han hun vi I min din sin "
        "mit dit sit mine dine sine hende ham dem os jer selv sådan nemlig ellers vist vel jo nok "
        "fortæl fortælle snakke tale spørge svare høre lyder lyde svært svær herinde derinde prøve "
        "okay tak"
    ).split()
)


@cache
def _bank_index(case_id: str) -> tuple[dict[str, set[str]], dict[str, float]]:
    """Each topic's stems (from its answer lines) and each stem's IDF over the case's topics."""
    import math

    from bot.nlp.pipeline import load_pipeline
    from bot.practice.case import load_case

    banks = load_case(case_id).answers
    texts = [" ".join(line for lines in bank.values() for line in lines) for bank in banks.values()]
    topics: dict[str, set[str]] = {}
    for topic_id, doc in zip(banks, load_pipeline().pipe(texts)):
        topics[topic_id] = set(_stems([_token_forms(t) for t in _words(doc)] if len(doc) else []))
    n = len(topics)
    counts: dict[str, int] = {}
    for stems in topics.values():
        for stem in stems:
            counts[stem] = counts.get(stem, 0) + 1
    idf = {stem: math.log(n / count) for stem, count in counts.items()}
    return topics, idf


def _stems(toks: list[tuple[str, ...]]) -> list[str]:
    stems = []
    for forms in toks:
        lemma = forms[1] if len(forms) > 1 else forms[0]
        stem = lemma[:STEM_LENGTH]
        if len(lemma) >= 4 and lemma.isalpha() and stem not in STOP_STEMS:
            stems.append(stem)
    return stems


def bank_scores(case_id: str, text: str) -> dict[str, float]:
    """Topics by the rare word stems the line shares with the topic's answer lines."""
    topics, idf = _bank_index(case_id)
    stems = set(_stems(tokens(text, case_id)))
    rare = {s for s in stems if s in idf and sum(s in t for t in topics.values()) <= BANK_MAX_TOPICS}
    scores = {}
    for topic_id, topic_stems in topics.items():
        shared = rare & topic_stems
        if shared:
            scores[topic_id] = round(sum(idf[s] for s in shared), 3)
    return scores


def match_topics(case_id: str, text: str, code: str = "andet") -> TopicMatch:
    """The topics ``text`` is about for ``case_id`` (best first), given the line's technique code.

    The cue lexicon decides; when it finds nothing and the line is a question, the answer bank's
    own words may (``bank_scores``)."""
    scores = score_topics(case_id, text or "")
    minimum = STRUCTURAL_MIN if code in STRUCTURAL_CODES else THRESHOLD
    if not any(s >= minimum for s in scores.values()) and code in BANK_CODES:
        fallback = {t: s for t, s in bank_scores(case_id, text or "").items() if s >= BANK_MIN_SCORE}
        if fallback:
            best = max(fallback.values())
            ranked = sorted(fallback, key=lambda t: (-fallback[t], lexicon(case_id).order.index(t)))
            return TopicMatch(tuple(t for t in ranked if fallback[t] >= SECONDARY_SHARE * best), fallback, code)
    ranked = sorted(
        (t for t, s in scores.items() if s >= minimum),
        key=lambda t: (-scores[t], lexicon(case_id).order.index(t)),
    )
    if ranked:
        best = scores[ranked[0]]
        ranked = [t for t in ranked if scores[t] >= SECONDARY_SHARE * best]
    return TopicMatch(tuple(ranked), scores, code)


def match_line(case_id: str, text: str) -> TopicMatch:
    """Topic(s) and technique code of a trainee's line (the coder classifies the technique)."""
    from bot.coder import code_turn

    code = code_turn(text).primary if (text or "").strip() else "andet"
    return match_topics(case_id, text, code)
