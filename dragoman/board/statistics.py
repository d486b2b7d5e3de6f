"""The board's statistics page: cached figures, recomputed in the background when stale.

Reading them may start their refresh (a task), which is why this read is not a selector:
selectors never write or schedule writes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.board.selectors import (
    STATS_LATEST_KEY,
    STATS_REFRESHING_KEY,
    STATS_VERSION_KEY,
    board_statistics_compute,
)
from dragoman.board.tasks import refresh_board_statistics
from dragoman.core.errors import Forbidden
from dragoman.core.permissions import actor_for


def board_statistics(*, user: User) -> dict[str, Any]:
    """The statistics page (FAQ 1.5, 2.19): outsourcers ranked by average LWA, then number
    of entries, then the newer record first; all time and the last 12 months; each split in
    two groups by number of entries (``BOARD_STATS_SPLIT_ENTRIES``); without records whose
    average does not exceed 4.50 and without records with an open non-payment report.

    Cached until an entry is published, hidden or removed (``services.stats_changed``) and
    for ``STATS_SECONDS`` at most, since the 12-month window moves with the clock. Counting a
    year of entries takes seconds at a million entries, so a reader never waits for it when
    earlier figures exist: they are served while a background task computes the new ones
    (at once where tasks run in-process).
    """
    if not actor_for(user).is_authenticated:
        raise Forbidden(_("Log in to see the board."), code="not_authenticated")
    version = cache.get(STATS_VERSION_KEY, 0)
    split = settings.BOARD_STATS_SPLIT_ENTRIES
    key = f"board-stats:{version}:{split}"
    found = cache.get(key)
    if found is not None:
        return found
    latest = cache.get(STATS_LATEST_KEY)
    if latest is None or latest["split"] != split:
        return board_statistics_compute()
    if cache.add(STATS_REFRESHING_KEY, 1, 120):
        refresh_board_statistics()
    # Where tasks run in-process the new figures are there already.
    return cache.get(key) or latest
