"""The choices consultants picked when the guide was unsure, as candidate training data.

``python -m bot review choices [--out FILE]`` reads every logged pick (the ``choice_made`` slot:
the message, redacted like every logged event, the requests offered and the one chosen) and
writes them as Rasa NLU YAML, grouped by the chosen intent. The file is for a person to read
and judge before any line is moved into ``data/nlu/`` – a pick is a hint, not a label – and it
must never be compared with the frozen yardstick ``tests/data/nlu_situations.yml``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from bot.core.personal_data import redact_text

CHOICE_SLOT = "choice_made"


def logged_choices(url: str | None = None) -> list[dict]:
    from bot.store.repositories.review import ReviewRepository
    from bot.store.uow import SqlAlchemyUnitOfWork

    with SqlAlchemyUnitOfWork(url=url) as uow:
        return [value for _sender, value in ReviewRepository(uow.session).slot_values(CHOICE_SLOT)]


def to_nlu_yaml(choices: Iterable[dict]) -> str:
    """Rasa NLU YAML (version 3.1) with one entry per chosen intent; duplicates once; a comment says how often."""
    by_intent: dict[str, dict[str, int]] = defaultdict(dict)
    for choice in choices:
        intent, text = choice.get("chosen"), " ".join(redact_text(str(choice.get("text") or "")).split())
        if isinstance(intent, str) and intent and text:
            by_intent[intent][text] = by_intent[intent].get(text, 0) + 1
    lines = [
        'version: "3.1"',
        "# Picked by consultants when the guide offered choices (python -m bot review choices).",
        "# Review every line before moving it into data/nlu/.",
        "nlu:",
    ]
    for intent in sorted(by_intent):
        lines += [f"- intent: {intent}", "  examples: |"]
        for text, _count in sorted(by_intent[intent].items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"    - {text.replace(chr(10), ' ')}")
        lines.append(f"  # {sum(by_intent[intent].values())} picks")
    return "\n".join(lines) + "\n"
