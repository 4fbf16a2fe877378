"""The web app's one error type: a status and a Danish message, shown as a page or as JSON."""

from __future__ import annotations

from typing import Any

from sanic.exceptions import SanicException


class HttpError(SanicException):
    """An error with a Danish message, shown as a page or as JSON."""

    def __init__(self, status: int, message: str, code: str = "error", **extra: Any) -> None:
        super().__init__(message, status_code=status)
        self.message = message
        self.code = code
        self.extra = extra
