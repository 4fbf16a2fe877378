"""Failed logins in the audit log (``review_audit``, action ``login_failed``).

The entry names the account that was tried and the client's address (``bot.web.addresses``),
never the password. A name that is no account is written as ``UNKNOWN_USER``: people type
their password into the username field, and that must not end up in the log. How often an
entry is written is the login throttle's business (``LoginThrottle.audit_slot``): at most
one per account and address per minute, and a cap on all of them, so a burst cannot flood
the table.
"""

from __future__ import annotations

from bot.store.uow import SqlAlchemyUnitOfWork

UNKNOWN_USER = "(ukendt brugernavn)"
MAX_ADDRESS_CHARS = 45  # the longest textual IPv6 address


def failed_login_detail(address: str, refused: bool, overflow: bool) -> str:
    detail = f"fra {address[:MAX_ADDRESS_CHARS]}"
    if refused:
        detail += "; afvist uden kontrol af adgangskoden (for mange forsøg)"
    if overflow:
        detail += "; flere mislykkede login-forsøg i dette minut skrives ikke i loggen"
    return detail


def record_failed_login(
    account: str, address: str, refused: bool = False, overflow: bool = False, url: str | None = None
) -> None:
    """``account``: the username of an existing user, or ``UNKNOWN_USER``."""
    with SqlAlchemyUnitOfWork(url=url) as uow:
        uow.reviews.audit(account, "login_failed", None, failed_login_detail(address, refused, overflow))
        uow.commit()
