"""The gold set, its fixed train/held-out split, and the classifier (hybrid: rules + LR).

The classifier is a scikit-learn logistic regression over four feature groups:
word uni/bigrams and lemma unigrams from the project's Danish spaCy pipeline, character
2-5-grams, and surface cues (question form: hv-word, verb-first inversion, tag question,
"kan du fortælle"; rule hits). A handful of unambiguous phrases (``cues.DECISIVE``: scale
questions, summaries, permission, confrontation, autonomy) settle the code before it.
Training takes about a second and happens lazily on first use, never at import.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.coder import CODES
from bot.coder.cues import cue_features, normalize, rule_code

GOLD_PATH = Path(__file__).with_name("gold.yml")
SPLIT_SEED = "samtaleguide-coder-2024"
HELDOUT_SHARE = 0.30
DEFAULT_C = 10.0


@dataclass(frozen=True)
class Example:
    text: str
    code: str


class GoldError(ValueError):
    pass


@lru_cache(maxsize=4)
def load_gold(path: Path = GOLD_PATH) -> tuple[Example, ...]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    codes = data.get("codes") or {}
    unknown = set(codes) - set(CODES)
    if unknown:
        raise GoldError(f"unknown codes in gold set: {sorted(unknown)}")
    examples: list[Example] = []
    seen: set[str] = set()
    for code in CODES:
        for text in codes.get(code) or []:
            key = normalize(text).lower()
            if key in seen:
                raise GoldError(f"duplicate gold utterance: {text!r}")
            seen.add(key)
            examples.append(Example(normalize(text), code))
    return tuple(examples)


def _rank(text: str) -> str:
    return hashlib.sha1(f"{SPLIT_SEED}|{text.lower()}".encode()).hexdigest()


def split_gold(examples: tuple[Example, ...] | None = None) -> tuple[list[Example], list[Example]]:
    """Fixed, stratified split: within each code the items with the lowest seeded hash are held out.

    Stable when items are added elsewhere in the file (an item's side depends only on its own
    text and the rank among its code's items).
    """
    examples = examples if examples is not None else load_gold()
    train: list[Example] = []
    held: list[Example] = []
    for code in CODES:
        items = sorted((e for e in examples if e.code == code), key=lambda e: _rank(e.text))
        k = round(len(items) * HELDOUT_SHARE)
        held.extend(items[:k])
        train.extend(items[k:])
    return train, held


# --- features ------------------------------------------------------------------------------


def _analyse(texts: list[str]) -> list[tuple[str, str]]:
    from bot.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    out = []
    for doc in nlp.pipe([normalize(t) for t in texts]):
        toks = [t.lower_ for t in doc if not t.is_space]
        lems = [(t.lemma_ or t.lower_).lower() for t in doc if not t.is_space and not t.is_punct]
        out.append((" ".join(toks), " ".join(lems)))
    return out


class CoderModel:
    """Logistic regression over n-grams and cues; ``use_rules`` adds the decisive rules."""

    def __init__(self, C: float = DEFAULT_C, use_rules: bool = True):
        self.C = C
        self.use_rules = use_rules
        self._fitted = False

    def _features(self, texts: list[str], fit: bool = False):
        from scipy.sparse import hstack

        analysed = _analyse(texts)
        tokens = [a[0] for a in analysed]
        lemmas = [a[1] for a in analysed]
        chars = [normalize(t).lower() for t in texts]
        cues = [cue_features(t) if self.use_rules else _form_only(cue_features(t)) for t in texts]
        if fit:
            from sklearn.feature_extraction import DictVectorizer
            from sklearn.feature_extraction.text import TfidfVectorizer

            self.word_vec = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True)
            self.lemma_vec = TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 1), sublinear_tf=True)
            self.char_vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
            self.cue_vec = DictVectorizer()
            parts = [
                self.word_vec.fit_transform(tokens),
                self.lemma_vec.fit_transform(lemmas),
                self.char_vec.fit_transform(chars),
                self.cue_vec.fit_transform(cues),
            ]
        else:
            parts = [
                self.word_vec.transform(tokens),
                self.lemma_vec.transform(lemmas),
                self.char_vec.transform(chars),
                self.cue_vec.transform(cues),
            ]
        return hstack(parts).tocsr()

    def fit(self, texts: list[str], labels: list[str]) -> CoderModel:
        from sklearn.linear_model import LogisticRegression

        X = self._features(list(texts), fit=True)
        self.clf = LogisticRegression(C=self.C, max_iter=5000, class_weight="balanced")
        self.clf.fit(X, list(labels))
        self._fitted = True
        return self

    def predict(self, texts: list[str]) -> list[str]:
        texts = list(texts)
        if not texts:
            return []
        preds = list(self.clf.predict(self._features(texts)))
        if self.use_rules:
            for i, text in enumerate(texts):
                decided = rule_code(text)
                if decided:
                    preds[i] = decided
        return [str(p) for p in preds]


def _form_only(feats: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in feats.items() if not k.startswith("rule=")}


@lru_cache(maxsize=2)
def trained_model(on: str = "all") -> CoderModel:
    """The model trained on the whole gold set (``on='all'``, used at run time) or only its
    training part (``on='train'``, used for the held-out evaluation)."""
    if on == "all":
        data = list(load_gold())
    elif on == "train":
        data = split_gold()[0]
    else:
        raise ValueError(on)
    return CoderModel().fit([e.text for e in data], [e.code for e in data])
