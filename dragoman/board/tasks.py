"""Scheduled work of the reputation board."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_periodic_task(crontab(minute="*/10"))
def open_uncontested_nonpayment_reports() -> int:
    """Non-payment reports whose contest window passed become open (FAQ 3.15)."""
    from dragoman.board.services import nonpayment_reports_open_due

    return nonpayment_reports_open_due()


@db_task()
def refresh_board_statistics() -> None:
    """Compute the statistics page's figures for the current version (asked by a reader who
    got the previous ones)."""
    from django.core.cache import cache

    from dragoman.board.selectors import STATS_REFRESHING_KEY, board_statistics_compute

    try:
        board_statistics_compute()
    finally:
        cache.delete(STATS_REFRESHING_KEY)


@db_periodic_task(crontab(minute="*/10"))
def refresh_board_statistics_periodically() -> None:
    """The last-12-months window moves with the clock: recompute before the cache expires,
    so that readers find fresh figures."""
    from dragoman.board.selectors import board_statistics_compute

    board_statistics_compute()
