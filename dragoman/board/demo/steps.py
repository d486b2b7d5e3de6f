"""The steps the board's demo story is told in (``records.py``, ``entries.py``): each runs
through the board's services inside ``Timeline.at(when)``, on the working day of its author,
and staff vet it within their next working hours."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from dragoman.accounts.models import User
from dragoman.board import models as board
from dragoman.board.services import (
    entry_approve,
    entry_create,
    entry_reply,
    nonpayment_report_create,
    outsourcer_approve,
    outsourcer_create,
)
from dragoman.core.demo import Timeline, clock_for

STAMPED = [
    board.Outsourcer,
    board.OutsourcerVersion,
    board.Affiliation,
    board.LWAEntry,
    board.EntryEvent,
    board.NonPaymentReport,
    board.NonPaymentEvidence,
    board.Watch,
    board.EntryRequest,
    board.SavedSearch,
    board.ApplicationSettings,
    board.Application,
    board.WWAEntry,
]
# Recent steps keep their exact time: a working hour could still be ahead today.
RECENT = 1.5


class BoardDemo:
    """The people and records of the board's story, and its steps."""

    def __init__(self, timeline: Timeline, people: dict[str, User]) -> None:
        self.timeline = timeline
        self.people = people
        self.staff = people["staff"]
        self.records: dict[str, board.Outsourcer] = {}

    # --- When --------------------------------------------------------------------------------

    def when(self, days: float, who: str) -> datetime:
        """``days`` ago, at a working hour on ``who``'s clock."""
        if days < RECENT:
            return self.timeline.ago(days)
        person = self.people[who]
        return self.timeline.on(days, clock_for(f"{who} {days}"), person.timezone)

    def vetted(self, written: datetime, hours: float) -> datetime:
        """Staff vet within their next working hours (the target is 12 hours)."""
        if written > self.timeline.ago(RECENT):
            return written + timedelta(hours=hours)
        return self.timeline.after(written, self.staff.timezone, hours=hours)

    # --- Steps that come back ----------------------------------------------------------------

    def record(
        self,
        key: str,
        who: str,
        days: float,
        name: str,
        country: str,
        city: str,
        site: str,
        phone: str,
        *,
        approve: bool = True,
    ) -> board.Outsourcer:
        written = self.when(days, who)
        with self.timeline.at(written):
            outsourcer = outsourcer_create(
                by=self.people[who],
                name=name,
                country=country,
                city=city,
                website=f"https://{site}",
                emails=[f"info@{site}"],
                phones=[phone],
            )
        if approve:
            with self.timeline.at(self.vetted(written, 3)):
                outsourcer_approve(by=self.staff, outsourcer=outsourcer)
        # As stored, with the dates moved (a later save() must not write them back).
        self.records[key] = board.Outsourcer.objects.get(pk=outsourcer.pk)
        return self.records[key]

    def entry(
        self, who: str, key: str, rating: int, comment: str, days: float, *, publish: bool = True
    ) -> board.LWAEntry:
        written = self.when(days, who)
        with self.timeline.at(written):
            entry = entry_create(
                by=self.people[who],
                outsourcer=self.records[key],
                rating=rating,
                comment=comment,
                work_confirmed=True,
            )
        if publish:
            with self.timeline.at(self.vetted(written, 4)):
                entry_approve(by=self.staff, entry=entry)
        return board.LWAEntry.objects.get(pk=entry.pk)

    def reply(self, who: str, entry: board.LWAEntry, days: float, reply: str) -> None:
        with self.timeline.at(self.when(days, who)):
            entry_reply(by=self.people[who], entry=entry, reply=reply)

    def unpaid(
        self,
        who: str,
        key: str,
        rating: int,
        comment: str,
        days: float,
        *,
        amount: str,
        overdue: int,
        invoice: str,
        evidence: list[SimpleUploadedFile] | None = None,
    ) -> tuple[board.LWAEntry, board.NonPaymentReport, datetime]:
        """A low rating with its non-payment report, approved by staff; the report may be
        contested for a week after that (returned: the end of that week)."""
        written = self.when(days, who)
        with self.timeline.at(written):
            entry = entry_create(
                by=self.people[who],
                outsourcer=self.records[key],
                rating=rating,
                comment=comment,
                work_confirmed=True,
            )
            report = nonpayment_report_create(
                by=self.people[who],
                entry=entry,
                amount=amount,
                currency="EUR",
                due_date=(written - timedelta(days=overdue)).date(),
                invoice_reference=invoice,
                evidence=evidence or [],
            )
        approved = self.vetted(written, 5)
        with self.timeline.at(approved):
            entry_approve(by=self.staff, entry=entry)
        contest_until = approved + timedelta(days=7)
        board.NonPaymentReport.objects.filter(pk=report.pk).update(contest_until=contest_until)
        return entry, report, contest_until


def stamp(timeline: Timeline) -> None:
    for model in STAMPED:
        fields = [
            f.name
            for f in model._meta.fields
            # A report's contest deadline is a date ahead, never "now".
            if isinstance(f, models.DateTimeField) and f.name != "contest_until"
        ]
        timeline.stamp(model, *fields)
