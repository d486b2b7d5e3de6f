"""The clock of the demo data (``dragoman.demo``): a history that was lived, not typed in.

The services stamp what they write with the current time, and refuse an event in the past,
as they must. The demo therefore runs every step of its invented history through the
services now, inside ``Timeline.at(when)``, which then moves what that step wrote back to
``when``: a row's dates, its history rows and the notifications it set off agree with each
other, and no service needs a clock argument or a frozen time.

Each app's ``demo.py`` names the date fields of its own models (``Timeline.stamp``), so this
module knows no domain app.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, models
from django.utils import timezone

from dragoman.core.models import AuditEvent

# When people work: a step of the history happens on a weekday, at these local hours.
OPENS, CLOSES = 9, 18

StepHook = Callable[[datetime, datetime], None]
# The table an INSERT or UPDATE writes to, as Django spells them on SQLite and PostgreSQL.
WRITES = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


class Timeline:
    """``now`` and the working days around it, and the steps of the history dated on them."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or timezone.now()
        self._stamps: dict[type[models.Model], tuple[str, ...]] = {}
        self._hooks: dict[type[models.Model], list[StepHook]] = {}
        self.stamp(AuditEvent, "created_at")

    # --- What a step moves ------------------------------------------------------------------

    def stamp(self, model: type[models.Model], *fields: str) -> None:
        """Date fields of ``model`` that services set to "now" and each step moves to its date.

        Only such fields: an event's start or a deadline is data, never "now".
        """
        known = self._stamps.get(model, ())
        self._stamps[model] = tuple(dict.fromkeys((*known, *fields)))

    def after_each_step(self, model: type[models.Model], hook: StepHook) -> None:
        """Call ``hook(since, when)`` after each step that wrote rows of ``model``, for rows
        that need more than a move."""
        self._hooks.setdefault(model, []).append(hook)

    @contextmanager
    def at(self, when: datetime) -> Iterator[None]:
        """Run a step of the history now, then date what it wrote at ``when``.

        Only the tables the step wrote to are looked at: a few queries a step, not one per
        date field of every app.
        """
        if when > self.now:
            raise ValueError(f"A step of the demo's history is dated in the future: {when}.")
        since = timezone.now()
        written: set[str] = set()

        def note(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            if match := WRITES.match(sql):
                written.add(match.group(1))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(note):
            yield
        for model, fields in self._stamps.items():
            if model._meta.db_table in written:
                for name in fields:
                    model._default_manager.filter(**{f"{name}__gte": since}).update(**{name: when})
        for model, hooks in self._hooks.items():
            if model._meta.db_table in written:
                for hook in hooks:
                    hook(since, when)

    # --- Dates ----------------------------------------------------------------------------

    def ago(self, days: float = 0, *, hours: float = 0) -> datetime:
        return self.now - timedelta(days=days, hours=hours)

    def today(self, zone: str) -> date:
        return self.now.astimezone(ZoneInfo(zone)).date()

    def on(self, days: float, clock: str, zone: str) -> datetime:
        """``clock`` (``"09:30"``) in ``zone`` on the working day ``days`` days before today
        (after it when ``days`` is negative).

        A Saturday becomes the Friday before and a Sunday the Monday after (the order of
        days stays), unless that crosses today: a day of the past stays in the past.
        """
        today = self.today(zone)
        day = today - timedelta(days=days)
        if day.weekday() >= 5:
            friday = day - timedelta(days=day.weekday() - 4)
            monday = day + timedelta(days=7 - day.weekday())
            nearer, other = (friday, monday) if day.weekday() == 5 else (monday, friday)
            past = days > 0
            day = nearer if (nearer < today) == past and nearer != today else other
        hour, minute = (int(part) for part in clock.split(":"))
        return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(zone))

    def lately(self, zone: str, *, within: int = 20) -> datetime:
        """The latest working hour in ``zone`` of the last ``within`` hours, or two hours ago
        when they were all night and weekend."""
        local = (self.now - timedelta(hours=1)).astimezone(ZoneInfo(zone))
        for back in range(within):
            moment = local - timedelta(hours=back)
            if moment.weekday() < 5 and OPENS <= moment.hour < CLOSES:
                return moment
        return self.ago(hours=2)

    def after(self, moment: datetime, zone: str, *, hours: float = 0) -> datetime:
        """The first working moment in ``zone`` at least ``hours`` after ``moment``: in the
        evening or at the weekend, the next working morning (its minutes vary, so that not
        everything happens at 09:00 sharp)."""
        tz = ZoneInfo(zone)
        local = (moment + timedelta(hours=hours)).astimezone(tz)
        if OPENS <= local.hour < CLOSES and local.weekday() < 5:
            return local
        day = local.date() if local.hour < OPENS else local.date() + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        minutes = zlib.crc32(local.isoformat().encode()) % 50
        return datetime.combine(day, time(OPENS, 5), tzinfo=tz) + timedelta(minutes=minutes)


def clock_for(key: str, *, earliest: int = OPENS, latest: int = CLOSES - 1) -> str:
    """A plausible time of day for ``key``, the same on every run: ``"10:35"``."""
    spread = zlib.crc32(key.encode())
    hour = earliest + spread % (latest - earliest)
    return f"{hour:02d}:{(spread // 97) % 12 * 5:02d}"
