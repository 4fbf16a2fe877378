"""tests/test_stories.yml must exercise every step and every tool id (it runs in `make test`)."""

from pathlib import Path

import yaml

from bot.guide.content import STEP_NUMBERS, TOOL_IDS, load_guide
from bot.guide.parsing import resolve_step

STORIES = Path(__file__).with_name("test_stories.yml")


def _turns():
    for story in yaml.safe_load(STORIES.read_text(encoding="utf-8"))["stories"]:
        for step in story["steps"]:
            if "intent" in step:
                yield step["user"].strip(), step["intent"]


def test_every_tool_id_has_a_test_story():
    intents = {intent for _, intent in _turns()}
    assert {f"tool_{t}" for t in TOOL_IDS} <= intents


def test_every_step_is_reached_by_a_test_story():
    guide = load_guide()
    jumped = {resolve_step(text, guide) for text, intent in _turns() if intent == "goto_step"}
    shown = {guide.tool(intent.removeprefix("tool_")).step for _, intent in _turns() if intent.startswith("tool_")}
    assert set(STEP_NUMBERS) <= jumped and set(STEP_NUMBERS) <= shown | jumped
