"""Scheduled work of the reputation board."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/10"))
def open_uncontested_nonpayment_reports() -> int:
    """Non-payment reports whose contest window passed become open (FAQ 3.15)."""
    from dragoman.board.services import nonpayment_reports_open_due

    return nonpayment_reports_open_due()
