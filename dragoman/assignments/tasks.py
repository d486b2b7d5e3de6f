"""Scheduled work of assignments."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/10"))
def expire_unanswered_offers() -> int:
    from dragoman.assignments.services import offers_expire

    return offers_expire(older_than_hours=settings.OFFER_ANSWER_HOURS)
