"""Every table of the database, one module per area; importing this package registers them all.

- ``plan``: citizens, conversations, contracts, agreements, scaling readings, the ABC job plan, notes
- ``users``: web users and their cockpit conversations
- ``review``: the conversation log (Rasa's ``events``), the review index and the audit log
"""

from bot.store.tables import plan, review, users  # noqa: F401 - registers every table on Base
from bot.store.tables.base import Base

metadata = Base.metadata
