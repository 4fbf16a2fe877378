"""The action-response check keeps Rasa's behaviour while building its validator once."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.rasa import speedups as rasa_speedups

VALID = {
    "events": [{"event": "slot", "name": "citizen_ref", "value": "B-12", "timestamp": None}],
    "responses": [{"text": "Ny samtale", "custom": {"guide": {"step": 2}}}],
}
INVALID = {"events": [{"event": "slot", "name": 7}], "responses": "ikke en liste"}


@pytest.fixture
def action():
    rasa_speedups.install()
    return RemoteAction("action_start_conversation", None)


def test_a_valid_response_passes(action):
    assert action._validate_action_result(VALID) is True


def test_an_invalid_response_fails_as_rasa_fails_it(action):
    with pytest.raises(jsonschema.ValidationError) as ours:
        action._validate_action_result(INVALID)
    with pytest.raises(jsonschema.ValidationError) as rasas:
        jsonschema.validate(INVALID, RemoteAction.action_response_format_spec())
    assert ours.value.message.startswith(rasas.value.message)
    assert "Failed to validate Action server response" in ours.value.message


def test_the_schema_is_checked_once(action, monkeypatch):
    calls = []
    schema_class = jsonschema.validators.validator_for(RemoteAction.action_response_format_spec())
    monkeypatch.setattr(schema_class, "check_schema", classmethod(lambda cls, schema: calls.append(schema)))
    rasa_speedups._response_validator.cache_clear()
    for _ in range(3):
        action._validate_action_result(VALID)
    rasa_speedups._response_validator.cache_clear()  # the next test builds a real one again
    assert len(calls) == 1  # at the first call; Rasa's own check would have run three times
