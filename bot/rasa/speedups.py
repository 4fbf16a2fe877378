"""A measured fix for the Rasa server's hottest path (installed by the guide's REST channel).

Rasa 3.6 checks every action server response with ``jsonschema.validate``, which first
validates Rasa's own, constant response schema against the JSON Schema metaschema — on every
call. A py-spy profile of the Rasa server under the guide's scripted conversation put 56 % of
its CPU time in that metaschema check (``check_schema``) alone. Here the schema is checked once
and its validator reused; the response itself is validated exactly as before, with the same
error (``best_match``) and the same message on failure.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError, exceptions
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _response_validator():
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    error = exceptions.best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    if isinstance(error, ValidationError):
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
    raise error


def install() -> None:
    """Idempotent; called when the channel is created, before the first message."""
    RemoteAction._validate_action_result = _validate_action_result
