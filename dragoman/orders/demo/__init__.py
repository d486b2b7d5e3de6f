"""Demo requests, each with the story of what happened to it: asked for days or months before
its event, quoted a day later, accepted, assigned, done, each step at a working hour on the
clock of the person who took it.

``stories.py`` tells every story (``STORIES``); this module plays the steps that are the
orders' own up to the assignment, and ``assignments/demo.py`` plays the rest, from the offer
to a linguist on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from dragoman.accounts.demo import demo_people
from dragoman.accounts.models import User
from dragoman.catalog.models import Language, Service, Topic
from dragoman.core.demo import Timeline
from dragoman.orders.demo.stories import STORIES
from dragoman.orders.demo.story import Step, Story
from dragoman.orders.enums import QuoteStatus
from dragoman.orders.models import Order, OrderEvent, OrderFile, Quote
from dragoman.orders.services import (
    order_create,
    order_file_add,
    order_progress_set,
    order_transition,
    quote_answer,
    quote_send,
)

__all__ = ["STORIES", "Context", "Step", "Story", "load", "play", "schedule", "stamp"]

# Steps after the event are taken once it is over.
AFTER_EVENT = ("deliver", "complete")
# Two steps of one story are at least this far apart, whatever the clocks of their people.
BREATH = timedelta(minutes=5)


@dataclass
class Context:
    """What playing a step needs: the clock, the people and the reference data."""

    timeline: Timeline
    people: dict[str, User]
    languages: dict[str, Language] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)

    @classmethod
    def of(cls, timeline: Timeline) -> Context:
        return cls(
            timeline=timeline,
            people=demo_people(),
            languages={lang.code: lang for lang in Language.objects.all()},
            services={s.code: s for s in Service.objects.all()},
            topics={t.name: t for t in Topic.objects.all()},
        )


def stamp(timeline: Timeline) -> None:
    timeline.stamp(Order, "created_at", "updated_at")
    timeline.stamp(OrderEvent, "created_at")
    timeline.stamp(Quote, "created_at", "updated_at", "answered_at")
    timeline.stamp(OrderFile, "created_at")


def when_of(story: Story, context: Context) -> datetime:
    days, clock = story.when
    return context.timeline.on(days, clock, story.zone)


def schedule(story: Story, context: Context) -> list[datetime]:
    """When each step happened: on its person's clock, after the step before it (at the
    next working hour when their clocks say otherwise), and after the event for what
    follows the event."""
    timeline = context.timeline
    starts = when_of(story, context)
    ends = starts + timedelta(minutes=story.duration or 0)
    times: list[datetime] = []
    for step in story.steps:
        zone = context.people[step.by].timezone
        if step.clock is None:
            when = timeline.lately(zone)
        else:
            when = timeline.on(step.days, step.clock, zone)
        if step.action in AFTER_EVENT and story.duration and when < ends + BREATH:
            when = timeline.after(ends, zone, hours=0.5)
        if times and when < times[-1] + BREATH:
            when = timeline.after(times[-1], zone, hours=1)
            if when >= timeline.now:
                when = times[-1] + BREATH
        times.append(when)
    return times


def load(timeline: Timeline) -> None:
    """Every story not yet told, up to the offer to a linguist."""
    stamp(timeline)
    context = Context.of(timeline)
    if any(name not in context.people for name in ("staff", "requester", "manager")):
        return
    for story in STORIES:
        if Order.objects.filter(title=story.title).exists():
            continue
        order = None
        for step, when in zip(story.steps, schedule(story, context), strict=True):
            if step.action in ("offer", "accept_offer"):
                break
            with timeline.at(when):
                order = play(step, story=story, order=order, context=context)


def play(step: Step, *, story: Story, order: Order | None, context: Context) -> Order:
    """Take one step of the orders' own through their services; returns the order."""
    by = context.people[step.by]
    if step.action in ("ask", "draft"):
        return _ask(story, by=by, submit=step.action == "ask", context=context)
    assert order is not None, f"{story.title}: {step.action} before the request was made"
    if step.action in ("source", "deliverable"):
        name, text = step.file or ("", "")
        upload = SimpleUploadedFile(name, text.encode())
        order_file_add(order=order, by=by, upload=upload, kind=step.action)
    elif step.action == "quote":
        lines = [
            {"description": d, "quantity": q, "unit": u, "unit_price": p}
            for d, q, u, p in step.lines
        ]
        quote_send(order=order, by=by, lines=lines, note=step.note)
    elif step.action in ("accept_quote", "reject_quote"):
        quote = order.quotes.get(status=QuoteStatus.SENT)
        quote_answer(quote=quote, by=by, accept=step.action == "accept_quote", note=step.note)
    elif step.action == "progress":
        order_progress_set(order=order, by=by, percent=step.percent, note=step.note)
    elif step.action in ("cancel", "deliver", "complete"):
        order_transition(order=order, by=by, action=step.action, note=step.note)
    else:
        raise ValueError(f"{story.title}: the orders play no step {step.action!r}")
    order.refresh_from_db()
    return order


def _ask(story: Story, *, by: User, submit: bool, context: Context) -> Order:
    """Create the request. The service refuses an event or a deadline in the past, as it
    must for a new request; a request of the past is made for a date ahead and then put back
    where it was, before anything else happens to it."""
    when = when_of(story, context)
    ahead = when > context.timeline.now + timedelta(hours=1)
    asked_for = when if ahead else context.timeline.now + timedelta(days=400)
    interpreting = story.duration is not None
    order = order_create(
        by=by,
        title=story.title,
        service=context.services[story.service],
        source_language=context.languages[story.pair[0]],
        target_language=context.languages[story.pair[1]],
        topic=context.topics[story.topic],
        starts_at=asked_for if interpreting else None,
        duration_minutes=story.duration,
        time_zone=story.zone,
        deadline=None if interpreting else asked_for,
        meeting_platform=story.platform,
        meeting_link=story.link,
        technical_support=story.support,
        notes=story.notes,
        submit=submit,
    )
    if when != asked_for:
        moved = {"starts_at": when} if interpreting else {"deadline": when}
        Order.objects.filter(pk=order.pk).update(**moved)
        order.refresh_from_db()
    return order
