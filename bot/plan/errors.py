"""The one exception the plan layer raises: its message is Danish and safe to show."""

from __future__ import annotations


class PlanError(Exception):
    """Something the consultant must know about; ``message`` is ready to send as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
