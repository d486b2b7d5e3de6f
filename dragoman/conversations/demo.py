"""Demo conversations: a request's chat that is open now (its event starts within the hour),
one that opens tomorrow, and the partner agency's marketplace conversations with a client's
manager (tags, an open proposal and an accepted one).

Every message goes through the services, dated by the demo's clock (``Timeline.at``).
Requests that the demo's stories confirmed got their conversations already (orders.hooks).
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from dragoman.accounts.demo import demo_people
from dragoman.assignments.models import Offer
from dragoman.assignments.services import offer_accept, offer_create
from dragoman.catalog.models import Language, Service, Topic
from dragoman.conversations.models import (
    AdminInvitation,
    Attachment,
    Conversation,
    Message,
    Participant,
    Proposal,
    ProviderProfile,
    Tag,
)
from dragoman.conversations.services import admin_invite, chat_reminder_post, message_send
from dragoman.conversations.services.attachments import attachment_send
from dragoman.conversations.services.market import (
    market_conversation_start,
    provider_profile_save,
)
from dragoman.conversations.services.proposals import proposal_answer, proposal_send
from dragoman.conversations.services.tags import conversation_tag, tag_create
from dragoman.core.demo import Timeline
from dragoman.linguists.models import LinguistProfile
from dragoman.orders.services import order_create, quote_answer, quote_send

SOON = "Board meeting with the Hamburg suppliers"
TOMORROW = "Site visit: wind farm Nordsee II"
PROVIDER = "Balkan Bridge Language Services"
SOFIA = "Interpreters for the Sofia distributor meeting"
# Conversations whose latest messages the demo leaves unread.
FRESH = (SOON, SOFIA)


def stamp(timeline: Timeline) -> None:
    """Dates the conversations' rows that the stories' steps write (called before them)."""
    timeline.stamp(Conversation, "created_at", "updated_at", "last_message_at")
    timeline.stamp(Message, "created_at")
    timeline.stamp(Participant, "joined_at")
    timeline.stamp(Attachment, "created_at")
    timeline.stamp(Proposal, "created_at", "updated_at", "answered_at")
    timeline.stamp(AdminInvitation, "created_at")
    timeline.stamp(Tag, "created_at", "updated_at")
    timeline.stamp(ProviderProfile, "created_at", "updated_at")


def _picture() -> bytes:
    """A small venue plan, drawn rather than shipped as a file."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 420), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 600, 380), outline=(40, 40, 40), width=4)
    draw.rectangle((60, 60, 300, 200), fill=(200, 220, 255))
    draw.rectangle((340, 60, 580, 200), fill=(255, 230, 200))
    draw.rectangle((250, 300, 390, 380), fill=(210, 240, 210))
    draw.text((90, 120), "Boardroom", fill=(0, 0, 0))
    draw.text((370, 120), "Booth", fill=(0, 0, 0))
    draw.text((270, 330), "Entrance", fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _confirmed_event(
    timeline: Timeline, people: dict, *, title: str, starts_at: datetime, asked: float
) -> Conversation | None:
    """A consecutive-interpreting event of the requester, quoted, accepted and confirmed by
    linguist1 over the days before it; returns its conversation."""
    requester, staff, linguist = people["requester"], people["staff"], people["linguist1"]
    zone = requester.timezone
    asked_at = timeline.on(asked, "10:20", zone)
    quoted_at = timeline.after(asked_at, staff.timezone, hours=20)
    accepted_at = timeline.after(quoted_at, zone, hours=3)
    offered_at = timeline.after(accepted_at, staff.timezone, hours=18)
    confirmed_at = timeline.after(offered_at, linguist.timezone, hours=2)
    with timeline.at(asked_at):
        order = order_create(
            by=requester,
            title=title,
            service=Service.objects.get(code="consecutive"),
            source_language=Language.objects.get(code="de"),
            target_language=Language.objects.get(code="ru"),
            topic=Topic.objects.filter(is_active=True).order_by("pk").first(),  # type: ignore[arg-type]
            starts_at=starts_at,
            duration_minutes=90,
            time_zone=zone,
            meeting_platform="dragoman",
            notes="Negotiation of next year's supply contract; two people on each side.",
            submit=True,
        )
    with timeline.at(quoted_at):
        quote = quote_send(
            order=order,
            by=staff,
            lines=[
                {
                    "description": "Consecutive interpreting",
                    "quantity": 2,
                    "unit": "hour",
                    "unit_price": "95",
                }
            ],
        )
    with timeline.at(accepted_at):
        quote_answer(quote=quote, by=requester, accept=True)
    profile = LinguistProfile.objects.get(user=linguist)
    with timeline.at(offered_at):
        offer_create(order=order, linguist=profile, by=staff)
    with timeline.at(confirmed_at):
        offer_accept(offer=Offer.objects.get(order=order), by=linguist)
    return Conversation.objects.filter(order=order).first()


def _soon(timeline: Timeline, people: dict) -> None:
    """The event starts in ten minutes: its chat opened five minutes ago and is lively."""
    now = timeline.now
    starts = (now + timedelta(minutes=10)).replace(second=0, microsecond=0)
    chat = _confirmed_event(timeline, people, title=SOON, starts_at=starts, asked=8)
    if chat is None or chat.opens_at is None:
        return
    requester, linguist, staff = people["requester"], people["linguist1"], people["staff"]
    opened = chat.opens_at
    with timeline.at(opened):
        chat_reminder_post(conversation_id=chat.pk, now=opened)
    lines = [
        (
            1,
            linguist,
            "Good morning! I am in the waiting room already. Is the agenda still the one from Tuesday?",
        ),
        (
            1.5,
            requester,
            "Good morning! Yes, same agenda. We may add a point on delivery dates at the end.",
        ),
        (2, requester, None),  # the venue plan
        (
            2.5,
            linguist,
            "Thank you. I will sit next to Mr. Hartmann then. Which glossary should I follow for the turbine parts: yours from March?",
        ),
        (
            3,
            requester,
            "Yes, the March glossary. My colleague said you could reach him at +49 40 1234 5678 if the link breaks, is that right?",
        ),
        (
            3.5,
            linguist,
            "Better to keep everything here in the chat, please; I can also invite the Dragoman administrator if something goes wrong.",
        ),
        (4, linguist, None),  # the invitation
        (
            4.5,
            requester,
            "Perfect, see you in a few minutes. The documents are at https://example.com/agenda-hamburg.pdf",
        ),
    ]
    for minutes, person, body in lines:
        with timeline.at(opened + timedelta(minutes=minutes)):
            if body is None and person == requester:
                upload = SimpleUploadedFile("venue-plan.png", _picture(), content_type="image/png")
                attachment_send(
                    conversation=chat,
                    by=person,
                    upload=upload,
                    body="Venue plan: we are in the boardroom.",
                )
            elif body is None:
                admin_invite(
                    conversation=chat, by=person, reason="Please stand by in case the sound fails."
                )
            else:
                message_send(conversation=chat, by=person, body=body)
    # The requester read it all; the linguist's last message is new to them? No: they
    # answered it. The linguist has the requester's last line unread.
    del staff


def _tomorrow(timeline: Timeline, people: dict) -> None:
    zone = ZoneInfo(people["requester"].timezone)
    tomorrow = (timeline.now + timedelta(days=1)).astimezone(zone)
    starts = tomorrow.replace(hour=10, minute=15, second=0, microsecond=0)
    _confirmed_event(timeline, people, title=TOMORROW, starts_at=starts, asked=9)


def _market(timeline: Timeline, people: dict) -> None:
    partner, manager = people["partner"], people["manager"]
    with timeline.at(timeline.ago(200)):
        provider = provider_profile_save(
            by=partner,
            display_name=PROVIDER,
            headline="Legal, technical and financial translation; interpreters across the Balkans",
            description=(
                "A team of twelve translators and interpreters in Sofia and Belgrade. "
                "ISO 17100 processes, sworn translations for Bulgaria and Serbia, "
                "simultaneous interpreting with our own booths."
            ),
            website="https://balkan-bridge.example",
            services=list(
                Service.objects.filter(code__in=["translation", "simultaneous", "consecutive"])
            ),
            languages=list(Language.objects.filter(code__in=["bg", "sr", "en", "de", "ru"])),
        )
    with timeline.at(timeline.ago(30)):
        priority = tag_create(by=partner, name="Priority")
        tag_create(by=partner, name="Awaiting documents")
        patents = tag_create(by=partner, name="Patents")
    deadline = timeline.now + timedelta(days=12)
    # 1. An accepted proposal: a request was created, quoted at the price.
    with timeline.at(timeline.on(9, "10:00", manager.timezone)):
        accepted = market_conversation_start(
            provider=provider,
            by=manager,
            subject="Patent family EP 3 456 789: claims and description",
            body="Hello, we need the claims and description of our patent family translated from German into English, about 40 pages. Could you quote?",
        )
    with timeline.at(timeline.on(9, "14:30", partner.timezone)):
        message_send(
            conversation=accepted,
            by=partner,
            body="Certainly. Our patent team can start on Monday. I will send a proposal today.",
        )
        proposal = proposal_send(
            conversation=accepted,
            by=partner,
            scope="Translation DE→EN of patent family EP 3 456 789 (claims and description, about 40 pages), reviewed by a patent attorney.",
            price="2480.00",
            currency="EUR",
            deadline=deadline,
            service=Service.objects.get(code="translation"),
            source_language=Language.objects.get(code="de"),
            target_language=Language.objects.get(code="en"),
        )
        conversation_tag(by=partner, conversation=accepted, tag=patents, on=True)
    with timeline.at(timeline.on(8, "09:15", manager.timezone)):
        proposal_answer(proposal=proposal, by=manager, accept=True)
        message_send(
            conversation=accepted,
            by=manager,
            body="Accepted, thank you. The source files follow this afternoon.",
        )
    # 2. An open proposal, waiting for the manager.
    with timeline.at(timeline.on(2, "11:20", manager.timezone)):
        waiting = market_conversation_start(
            provider=provider,
            by=manager,
            subject=SOFIA,
            body="We meet our Bulgarian distributor in Sofia next month, two days, German and Bulgarian. Do you have two interpreters?",
        )
    with timeline.at(timeline.on(1, "16:05", partner.timezone)):
        message_send(
            conversation=waiting,
            by=partner,
            body="Yes: two consecutive interpreters, DE↔BG, both days. My proposal is below.",
        )
        proposal_send(
            conversation=waiting,
            by=partner,
            scope="Two consecutive interpreters DE↔BG for two days in Sofia, travel included.",
            price="3200.00",
            currency="EUR",
            deadline=(timeline.now + timedelta(days=30)).replace(
                hour=9, minute=0, second=0, microsecond=0
            ),
            service=Service.objects.get(code="consecutive"),
            source_language=Language.objects.get(code="de"),
            target_language=Language.objects.get(code="bg"),
            duration_minutes=480,
        )
        conversation_tag(by=partner, conversation=waiting, tag=priority, on=True)


def load(timeline: Timeline) -> None:
    people = demo_people()
    if any(
        name not in people for name in ("staff", "requester", "manager", "partner", "linguist1")
    ):
        return
    if not Conversation.objects.filter(subject=SOON).exists():
        _soon(timeline, people)
    if not Conversation.objects.filter(subject=TOMORROW).exists():
        _tomorrow(timeline, people)
    if not ProviderProfile.objects.filter(display_name=PROVIDER).exists():
        _market(timeline, people)
    # The demo's history happened before today: nobody is e-mailed a digest about it (the
    # demo's addresses are invented).
    # Conversations of past work were read long ago; today's stay unread for their readers.
    for conversation_id, subject, last_seq in Conversation.objects.values_list(
        "pk", "subject", "last_seq"
    ):
        seats = Participant.objects.filter(conversation_id=conversation_id)
        seats.filter(emailed_seq__lt=last_seq).update(emailed_seq=last_seq)
        if subject not in FRESH:
            seats.filter(last_read_seq__lt=last_seq).update(last_read_seq=last_seq)
