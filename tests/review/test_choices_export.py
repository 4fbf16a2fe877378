"""The choices picked when the guide was unsure, read back from the conversation log as NLU YAML."""

from __future__ import annotations

import shutil

import pytest
import yaml

from bot.review.choices import logged_choices, to_nlu_yaml
from bot.review.replay import store
from bot.store.engine import dispose_engines
from bot.store.uow import SqlAlchemyUnitOfWork


@pytest.fixture
def sqlite_url(tmp_path, sqlite_template):
    path = tmp_path / "log.db"
    shutil.copyfile(sqlite_template, path)
    yield f"sqlite:///{path}"
    dispose_engines()


def pick(text, chosen, at):
    value = {"text": text, "offered": [chosen, "tool_ugu"], "chosen": chosen, "position": 1, "at": at}
    return {"event": "slot", "timestamp": at, "name": "choice_made", "value": value}


def test_picks_become_nlu_yaml_grouped_by_the_chosen_intent(sqlite_url):
    with SqlAlchemyUnitOfWork(url=sqlite_url) as uow:
        events = [
            pick("hun græder, ring 22334455", "tool_udfordrende_samtale", 1.0),
            {"event": "slot", "timestamp": 2.0, "name": "choice_made", "value": None},  # cleared: not a pick
            pick("hun græder, ring 22334455", "tool_udfordrende_samtale", 3.0),
            pick("han siger ikke meget", "tool_aabne_spoergsmaal", 4.0),
            {"event": "slot", "timestamp": 5.0, "name": "choice_offer", "value": {"text": "x", "options": []}},
        ]
        store(uow.session, "mette:1", events, refresh=False)
        uow.commit()
    choices = logged_choices(url=sqlite_url)
    assert [c["chosen"] for c in choices] == [
        "tool_udfordrende_samtale",
        "tool_udfordrende_samtale",
        "tool_aabne_spoergsmaal",
    ]
    text = to_nlu_yaml(choices)
    data = yaml.safe_load(text)
    assert data["version"] == "3.1"
    blocks = {item["intent"]: item["examples"] for item in data["nlu"]}
    assert blocks["tool_udfordrende_samtale"] == "- hun græder, ring [telefonnummer]\n"  # redacted, once
    assert "22334455" not in text and "  # 2 picks" in text


def test_nothing_logged_gives_an_empty_file():
    assert yaml.safe_load(to_nlu_yaml([]))["nlu"] is None
    assert "nlu:" in to_nlu_yaml([{"text": "", "chosen": "tool_ugu"}, {"text": "x", "chosen": None}])
