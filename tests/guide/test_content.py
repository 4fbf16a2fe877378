import copy
import re

import pytest
import yaml

from bot.guide.content import (
    CONTENT_DIR,
    KNOWLEDGE_IDS,
    STEP_NUMBERS,
    TOOL_IDS,
    TOPIC_IDS,
    ContentError,
    load_guide,
    parse_guide,
)
from bot.plan.progression import PROGRESSION_FILE
from tests.own_words import HANDBOOK, LONG_TERM_UNEMPLOYED, copied_passages


def _read(name: str, key: str):
    return yaml.safe_load((CONTENT_DIR / name).read_text(encoding="utf-8"))[key]


def _raw():
    read = _read
    return (
        read("steps.yml", "steps"),
        read("tools.yml", "tools"),
        read("topics.yml", "topics"),
        read("knowledge.yml", "tools"),
    )


def test_guide_has_all_nine_steps_twenty_two_tools_and_five_topics():
    guide = load_guide()
    assert tuple(sorted(guide.steps)) == STEP_NUMBERS
    assert set(guide.tools) == set(TOOL_IDS) and len(TOOL_IDS) == 22
    assert set(guide.topics) == set(TOPIC_IDS)


@pytest.mark.parametrize("number", STEP_NUMBERS)
def test_every_step_has_content(number):
    step = load_guide().step(number)
    assert step.title and step.purpose and step.source
    assert 3 <= len(step.say) <= 6
    assert step.do and step.pitfalls and step.tools and step.aliases
    assert "trin" in step.source.lower()


@pytest.mark.parametrize("tool_id", TOOL_IDS)
def test_every_tool_has_content(tool_id):
    tool = load_guide().tool(tool_id)
    assert tool.title and tool.purpose and tool.source
    assert 3 <= len(tool.say) <= 6
    assert tool.how and tool.pitfalls
    assert tool_id in load_guide().step(tool.step).tools


@pytest.mark.parametrize("tool_id", KNOWLEDGE_IDS)
def test_knowledge_names_its_handbook_section_with_page_and_belongs_to_preparation_or_advice(tool_id):
    tool = load_guide().tool(tool_id)
    assert re.search(r"\(s\. \d+", tool.source), tool.source
    assert tool.step in (2, 5)
    assert len(tool.how) >= 4 and len(tool.pitfalls) >= 3
    assert all(line.endswith(("?", ".", "«")) for line in tool.say)


def test_the_steps_list_their_knowledge_after_their_own_tools():
    guide = load_guide()
    assert guide.step(2).tools == ("forberedelse", "faellessamtale", "digitale_vaerktoejer")
    assert guide.step(5).tools[:2] == ("ugu", "abc_jobplan")
    assert set(guide.step(5).tools[2:]) == {"tvaerfaglighed", "virksomheder", "ud_af_boksen", "uddannelse"}


@pytest.mark.skipif(not HANDBOOK.exists(), reason="the seed texts are not available")
def test_knowledge_and_the_course_are_in_our_own_words():
    assert copied_passages([CONTENT_DIR / "knowledge.yml", PROGRESSION_FILE], [HANDBOOK, LONG_TERM_UNEMPLOYED]) == []


@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_every_topic_has_preparation(topic_id):
    topic = load_guide().topic(topic_id)
    assert len(topic.prepare) >= 3 and topic.aliases and topic.source


def test_texts_are_danish():
    guide = load_guide()
    text = " ".join(s.purpose + " ".join(s.say) for s in guide.steps.values())
    assert any(ch in text for ch in "æøå")


def _drop_tool(steps, tools, topics, knowledge):
    return steps, [t for t in tools if t["id"] != "ugu"], topics, knowledge


def _too_few_phrasings(steps, tools, topics, knowledge):
    steps[0]["say"] = steps[0]["say"][:2]
    return steps, tools, topics, knowledge


def _missing_step(steps, tools, topics, knowledge):
    return steps[:-1], tools, topics, knowledge


def _tool_on_wrong_step(steps, tools, topics, knowledge):
    next(t for t in tools if t["id"] == "timeout")["step"] = 5
    return steps, tools, topics, knowledge


def _empty_purpose(steps, tools, topics, knowledge):
    tools[0]["purpose"] = "  "
    return steps, tools, topics, knowledge


def _drop_knowledge(steps, tools, topics, knowledge):
    return steps, tools, topics, [k for k in knowledge if k["id"] != "uddannelse"]


def _knowledge_without_source(steps, tools, topics, knowledge):
    del knowledge[0]["source"]
    return steps, tools, topics, knowledge


def _knowledge_on_no_step(steps, tools, topics, knowledge):
    knowledge[-1]["step"] = 12
    return steps, tools, topics, knowledge


def _knowledge_with_too_many_phrasings(steps, tools, topics, knowledge):
    knowledge[1]["say"] = knowledge[1]["say"] * 2
    return steps, tools, topics, knowledge


def _knowledge_listed_in_steps(steps, tools, topics, knowledge):
    steps[4]["tools"] = [*steps[4]["tools"], "virksomheder"]
    return steps, tools, topics, knowledge


@pytest.mark.parametrize(
    "breakage",
    [
        _drop_tool,
        _too_few_phrasings,
        _missing_step,
        _tool_on_wrong_step,
        _empty_purpose,
        _drop_knowledge,
        _knowledge_without_source,
        _knowledge_on_no_step,
        _knowledge_with_too_many_phrasings,
        _knowledge_listed_in_steps,
    ],
)
def test_loader_rejects_broken_content(breakage):
    with pytest.raises(ContentError):
        parse_guide(*breakage(*copy.deepcopy(_raw())))
