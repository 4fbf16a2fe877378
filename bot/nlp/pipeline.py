"""The Danish spaCy pipeline: a blank ``da`` pipeline with the lookup lemmatizer.

No pretrained Danish pipeline can be installed here, so the set-up builds this one from
spaCy's Danish tokenizer rules and the lemma tables in ``spacy-lookups-data`` and saves
it to disk, where Rasa's ``SpacyNLP`` component and the project's own code load it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.settings import get_settings


def build_pipeline():
    import spacy

    nlp = spacy.blank("da")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def save_pipeline(out: Path) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    build_pipeline().to_disk(out)
    return out


@lru_cache(maxsize=1)
def load_pipeline():
    """The saved pipeline if it exists, else one built in memory (same result, slower)."""
    import spacy

    path = get_settings().spacy_model_path
    if (path / "meta.json").exists():
        return spacy.load(path)
    return build_pipeline()


def lemmas(text: str) -> list[str]:
    return [token.lemma_.lower() or token.lower_ for token in load_pipeline()(text)]
