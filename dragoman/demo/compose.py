"""The demo data a first-time user sees (never in production), composed from each app's own
``demo.py`` in the order the apps build on each other.

Every app loads only its own data, through its own services, and skips what is there
already: loading twice adds nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from dragoman.assignments import demo as assignments
from dragoman.board import demo as board
from dragoman.conversations import demo as conversations
from dragoman.core.demo import Timeline
from dragoman.linguists import demo as linguists
from dragoman.notifications import demo as notifications
from dragoman.orders import demo as orders
from dragoman.orgs import demo as orgs


@transaction.atomic
def load(*, now: datetime | None = None) -> int:
    """Load the demo data as of ``now`` (default: this moment); returns how many accounts
    it made."""
    timeline = Timeline(now)
    # Requests the stories confirm open their conversations: date those rows too.
    conversations.stamp(timeline)
    created = orgs.load(timeline)
    created += linguists.load(timeline)
    notifications.load(timeline)
    board.load(timeline)
    orders.load(timeline)
    assignments.load(timeline)
    conversations.load(timeline)
    notifications.finish()
    return created
