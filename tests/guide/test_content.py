import copy

import pytest
import yaml

from bot.guide.content import CONTENT_DIR, STEP_NUMBERS, TOOL_IDS, TOPIC_IDS, ContentError, load_guide, parse_guide


def _read(name: str, key: str):
    return yaml.safe_load((CONTENT_DIR / name).read_text(encoding="utf-8"))[key]


def _raw():
    read = _read
    return read("steps.yml", "steps"), read("tools.yml", "tools"), read("topics.yml", "topics")


def test_guide_has_all_nine_steps_sixteen_tools_and_five_topics():
    guide = load_guide()
    assert tuple(sorted(guide.steps)) == STEP_NUMBERS
    assert set(guide.tools) == set(TOOL_IDS)
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


@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_every_topic_has_preparation(topic_id):
    topic = load_guide().topic(topic_id)
    assert len(topic.prepare) >= 3 and topic.aliases and topic.source


def test_texts_are_danish():
    guide = load_guide()
    text = " ".join(s.purpose + " ".join(s.say) for s in guide.steps.values())
    assert any(ch in text for ch in "æøå")


def _drop_tool(steps, tools, topics):
    return steps, [t for t in tools if t["id"] != "ugu"], topics


def _too_few_phrasings(steps, tools, topics):
    steps[0]["say"] = steps[0]["say"][:2]
    return steps, tools, topics


def _missing_step(steps, tools, topics):
    return steps[:-1], tools, topics


def _tool_on_wrong_step(steps, tools, topics):
    next(t for t in tools if t["id"] == "timeout")["step"] = 5
    return steps, tools, topics


def _empty_purpose(steps, tools, topics):
    tools[0]["purpose"] = "  "
    return steps, tools, topics


@pytest.mark.parametrize(
    "breakage", [_drop_tool, _too_few_phrasings, _missing_step, _tool_on_wrong_step, _empty_purpose]
)
def test_loader_rejects_broken_content(breakage):
    with pytest.raises(ContentError):
        parse_guide(*breakage(*copy.deepcopy(_raw())))
