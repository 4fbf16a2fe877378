"""What went wrong with the database, for the operator's log and in Danish for the consultant.

Both the plan store (``bot.plan.service``) and the conversation log
(``bot.rasa.tracker_store``) classify a failed database call the same way:

* ``unreachable`` – the server is restarting or cannot be reached (PostgreSQL); transient,
  so callers retry for a few seconds before they give up;
* ``read_only`` – the SQLite file or the database is read-only;
* ``cannot_open`` – the SQLite file cannot be opened (a read-only folder or file system, or
  wrong owner: in WAL mode SQLite must create ``-wal``/``-shm`` files beside it);
* ``disk`` – the disk is full or cannot be written to;
* ``other`` – anything else.
"""

from __future__ import annotations

import re

UNREACHABLE, READ_ONLY, CANNOT_OPEN, DISK, OTHER = "unreachable", "read_only", "cannot_open", "disk", "other"

# PostgreSQL error classes: 08 connection exception, 57P01-57P03 shutdown / cannot connect now,
# 25006 read-only transaction, 53100 disk full.
_PG_UNREACHABLE = re.compile(r"^(08...|57P0[123])$")
_PG_CODES = {"25006": READ_ONLY, "53100": DISK}
_PATTERNS = (
    (READ_ONLY, re.compile(r"readonly database|read-only (file system|transaction)", re.I)),
    (CANNOT_OPEN, re.compile(r"unable to open database file", re.I)),
    (DISK, re.compile(r"database or disk is full|disk i/o error|no space left on device|disk quota", re.I)),
    (
        UNREACHABLE,
        re.compile(
            r"could not connect|connection refused|server closed the connection|terminating connection|"
            r"the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|"
            r"connection already closed|can't reconnect until invalid transaction is rolled back|"
            r"connection (is )?closed|ssl syscall|could not receive data|could not send data|no connection to the server",
            re.I,
        ),
    ),
)

REASONS = {  # subordinate clauses: "… kunne ikke gemmes, fordi <reason> – …"
    UNREACHABLE: "databasen ikke svarer",
    READ_ONLY: "databasen er skrivebeskyttet",
    CANNOT_OPEN: "databasefilen ikke kan åbnes (mappen er skrivebeskyttet, eller rettighederne er forkerte)",
    DISK: "disken med databasen er fuld eller ikke kan skrives til",
    OTHER: "der opstod en fejl i databasen",
}
LOG_REASONS = {
    UNREACHABLE: "database unreachable",
    READ_ONLY: "database is read-only",
    CANNOT_OPEN: "database file cannot be opened (read-only folder or file system, or wrong owner)",
    DISK: "disk full or not writable",
    OTHER: "database error",
}


def failure_kind(error: BaseException) -> str:
    """One of the kinds above, from the DBAPI error inside a SQLAlchemy error (or the error itself)."""
    original = getattr(error, "orig", None) or error
    code = getattr(original, "pgcode", None)
    if code:
        if code in _PG_CODES:
            return _PG_CODES[code]
        if _PG_UNREACHABLE.match(code):
            return UNREACHABLE
    text = str(original)
    for kind, pattern in _PATTERNS:
        if pattern.search(text):
            return kind
    if getattr(error, "connection_invalidated", False):
        return UNREACHABLE
    return OTHER


def is_transient(kind: str) -> bool:
    return kind == UNREACHABLE


def advice(kind: str) -> str:
    """What the consultant can do: wait, or tell whoever runs the guide."""
    if is_transient(kind) or kind == OTHER:
        return "Prøv igen om lidt."
    return "Sig det til den, der driver Samtaleguide."
