"""Reads of conversations, each for one user and only what they may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.conversations.enums import ConversationKind, MessageKind, Side, SystemEvent
from dragoman.conversations.masking import mask_contacts
from dragoman.conversations.models import Conversation, ConversationTag, Message, Participant
from dragoman.conversations.permissions import Seat, seat_for
from dragoman.core.errors import NotFound
from dragoman.core.permissions import Actor, actor_for
from dragoman.orders.permissions import filter_orders

PAGE = 200


def _base() -> QuerySet[Conversation]:
    return Conversation.objects.select_related(
        "order__linguist__user",
        "order__organisation",
        "provider__linguist__user",
        "provider__organisation",
        "customer",
        "customer_organisation",
    )


def conversations_sat_in(*, user: User, limit: int) -> list[Conversation]:
    """The latest conversations the user has a seat in (their rights still to be checked)."""
    return list(_base().filter(participants__user=user).order_by("-last_message_at")[:limit])


def seat_of(*, user: User, conversation: Conversation) -> Seat:
    """The user's seat, or NotFound when they may not know the conversation exists."""
    actor = actor_for(user)
    joined = (
        actor.is_staff
        and conversation.participants.filter(user=user, side=Side.STAFF, can_write=True).exists()
    )
    seat = seat_for(actor, conversation, joined_staff=joined)
    if seat is None:
        raise NotFound(_("No such conversation."), code="not_found")
    return seat


def conversation_get_for_user(*, user: User, conversation_id: Any) -> Conversation:
    try:
        pk = int(conversation_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such conversation."), code="not_found") from None
    conversation = _base().filter(pk=pk).first()
    if conversation is None:
        raise NotFound(_("No such conversation."), code="not_found")
    seat_of(user=user, conversation=conversation)
    return conversation


def visible_conversations(actor: Actor) -> QuerySet[Conversation]:
    """Every conversation the actor may read (the rules of ``permissions.seat_for``)."""
    queryset = _base()
    if actor.is_staff:
        return queryset
    from dragoman.orders.models import Order

    orders = filter_orders(actor, Order.objects.all()).values("pk")
    market = Q(customer_id=actor.user_id)
    if actor.organisation_id is not None and not actor.membership_pending:
        market |= Q(provider__organisation_id=actor.organisation_id)
        if actor.is_manager and actor.in_client:
            market |= Q(customer_organisation_id=actor.organisation_id)
    if actor.is_linguist:
        market |= Q(provider__linguist__user_id=actor.user_id)
    return queryset.filter(
        Q(kind=ConversationKind.ORDER, order__in=orders) | Q(kind=ConversationKind.MARKET) & market
    )


def conversation_list(
    *,
    user: User,
    tag_id: int | None = None,
    unread: bool = False,
    query: str = "",
    kind: str = "",
) -> QuerySet[Conversation]:
    """The user's conversations, newest activity first, with ``unread`` (for them) and the
    tags of their organisation annotated; filters combine."""
    from dragoman.conversations.search import search_conversations

    actor = actor_for(user)
    queryset = visible_conversations(actor)
    seats = Participant.objects.filter(user=user, conversation=OuterRef("pk"))
    read_seq = Coalesce(
        Subquery(seats.values("last_read_seq")[:1], output_field=IntegerField()), Value(0)
    )
    queryset = queryset.annotate(read_seq=read_seq).annotate(unread=F("last_seq") - F("read_seq"))
    queryset = queryset.prefetch_related(
        Prefetch(
            "tag_links",
            queryset=ConversationTag.objects.filter(
                tag__organisation_id=actor.organisation_id or 0
            ).select_related("tag"),
            to_attr="my_tag_links",
        )
    )
    if kind in ConversationKind.values:
        queryset = queryset.filter(kind=kind)
    if tag_id:
        queryset = queryset.filter(
            tag_links__tag_id=tag_id, tag_links__tag__organisation_id=actor.organisation_id or 0
        )
    if unread:
        queryset = queryset.filter(unread__gt=0)
    if query.strip():
        queryset = search_conversations(queryset, query.strip())
    return queryset.order_by(F("last_message_at").desc(nulls_last=True), "-id")


def unread_total(*, user: User) -> int:
    """Unread messages over all conversations the user sits in (the menu's badge)."""
    total = Participant.objects.filter(
        user=user, conversation__last_seq__gt=F("last_read_seq")
    ).aggregate(n=Sum(F("conversation__last_seq") - F("last_read_seq")))["n"]
    return int(total or 0)


def messages_after(
    *, conversation: Conversation, after: int = 0, limit: int = PAGE
) -> list[Message]:
    """Messages with seq > ``after``, in order, at most ``limit`` (the rest on asking again)."""
    return list(
        conversation.messages.filter(seq__gt=max(0, after))
        .select_related("sender__linguist_profile", "attachment", "proposal")
        .order_by("seq")[: max(1, min(limit, 500))]
    )


def messages_before(*, conversation: Conversation, before: int, limit: int = 50) -> list[Message]:
    rows = list(
        conversation.messages.filter(seq__lt=before)
        .select_related("sender__linguist_profile", "attachment", "proposal")
        .order_by("-seq")[:limit]
    )
    rows.reverse()
    return rows


@dataclass(frozen=True)
class Viewer:
    """Who reads a message, as far as showing it goes."""

    user_id: int
    side: str
    is_staff: bool

    @classmethod
    def of(cls, user: User, seat: Seat) -> Viewer:
        return cls(user.pk, seat.side, user.is_staff)


def person_name(viewer: Viewer, person: Any) -> str:
    """A linguist is named by pseudonym to everybody but staff and themself (anonymity)."""
    if person is None:
        return "Dragoman"
    profile = getattr(person, "linguist_profile", None)
    if profile is not None and not viewer.is_staff and viewer.user_id != person.pk:
        return profile.pseudonym
    return person.full_name


def sender_name(viewer: Viewer, message: Message) -> str:
    return person_name(viewer, message.sender)


def proposal_view(viewer: Viewer, proposal: Any) -> dict[str, Any]:
    scope = proposal.scope
    if not (viewer.is_staff or viewer.side in (Side.STAFF, Side.PROVIDER)):
        scope = mask_contacts(scope).text
    return {
        "id": proposal.pk,
        "scope": scope,
        "price": str(proposal.price),
        "currency": proposal.currency,
        "deadline": proposal.deadline,
        "status": proposal.status,
        "status_label": str(proposal.get_status_display()),
        "order": proposal.order_id,
    }


def shown_body(viewer: Viewer, message: Message) -> tuple[str, bool]:
    """The text the viewer reads, and whether contact details were hidden from it."""
    if (
        viewer.is_staff
        or viewer.side == Side.STAFF
        or viewer.side == message.side
        or viewer.user_id == message.sender_id
        or not message.hidden_contacts
    ):
        return message.body, False
    return message.masked, True


def attachment_name(viewer: Viewer, message: Message) -> str:
    """A file's name, with a linguist's name in it replaced by the pseudonym for the other
    side ("contract_lena_smith.docx")."""
    from dragoman.orders.selectors import anonymised

    name = message.attachment.name if message.attachment else ""
    sender = message.sender
    profile = getattr(sender, "linguist_profile", None) if sender is not None else None
    if profile is None or viewer.is_staff or viewer.side in (Side.STAFF, message.side):
        return name
    return anonymised(name, [profile])


def system_text(message: Message) -> str:
    try:
        template = str(SystemEvent(message.event).label)
    except ValueError:
        return ""
    try:
        return template % {k: v for k, v in (message.data or {}).items()}
    except (KeyError, TypeError, ValueError):
        return template


def message_view(viewer: Viewer, message: Message) -> dict[str, Any]:
    """One message as the viewer may see it: for pages, the API and the socket alike."""
    body, hidden = shown_body(viewer, message)
    view: dict[str, Any] = {
        "id": message.pk,
        "conversation": message.conversation_id,
        "seq": message.seq,
        "kind": message.kind,
        "side": message.side,
        "mine": message.sender_id == viewer.user_id,
        "sender": sender_name(viewer, message),
        "body": body,
        "contacts_hidden": hidden,
        "client_id": message.client_id if message.sender_id == viewer.user_id else "",
        "created_at": message.created_at.isoformat(),
        "system": message.event,
        "text": system_text(message)
        if message.kind in (MessageKind.SYSTEM, MessageKind.PROPOSAL)
        else "",
        "attachment": None,
        "proposal": None,
    }
    if message.attachment_id and message.attachment is not None:
        attachment = message.attachment
        view["attachment"] = {
            "id": attachment.pk,
            "name": attachment_name(viewer, message),
            "size": attachment.size,
            "content_type": attachment.content_type,
            "url": reverse(
                "conversations:attachment", args=[message.conversation_id, attachment.pk]
            ),
            "thumbnail_url": reverse(
                "conversations:thumbnail", args=[message.conversation_id, attachment.pk]
            )
            if attachment.thumbnail
            else "",
            "is_image": attachment.is_image,
            "is_video": attachment.is_video,
        }
    if message.proposal_id and message.proposal is not None:
        card = proposal_view(viewer, message.proposal)
        view["proposal"] = {**card, "deadline": card["deadline"].isoformat()}
    return view


def participants_of(*, conversation: Conversation) -> list[Participant]:
    return list(conversation.participants.select_related("user__linguist_profile"))


def conversation_title(actor: Actor, conversation: Conversation) -> str:
    """Who the conversation is with, as the reader may name them: the client side reads a
    linguist's pseudonym, never their name (anonymity)."""
    if conversation.kind == ConversationKind.ORDER:
        order = conversation.order
        linguist = order.linguist if order is not None else None
        if order is None:
            return ""
        if actor.is_linguist and linguist is not None and linguist.user_id == actor.user_id:
            return order.organisation.name
        if linguist is None:
            return ""
        if actor.is_staff:
            return f"{order.organisation.name} ↔ {linguist.user.full_name} ({linguist.pseudonym})"
        return linguist.pseudonym
    provider = conversation.provider
    customer = conversation.customer
    organisation = conversation.customer_organisation
    customer_name = (
        f"{customer.full_name if customer else ''} · {organisation.name if organisation else ''}"
    )
    if actor.is_staff:
        return f"{customer_name} ↔ {provider.display_name if provider else ''}"
    if provider is not None and (
        actor.organisation_id == provider.organisation_id
        if provider.organisation_id
        else provider.linguist is not None and provider.linguist.user_id == actor.user_id
    ):
        return customer_name
    return provider.display_name if provider else ""


def my_tags(conversation: Conversation) -> list[Any]:
    """The reader's organisation's tags on the conversation (prefetched by the list)."""
    links = getattr(conversation, "my_tag_links", None)
    if links is None:
        return []
    return [link.tag for link in links]


def tags_of(*, user: User) -> QuerySet[Any]:
    from dragoman.conversations.models import Tag

    actor = actor_for(user)
    return Tag.objects.filter(organisation_id=actor.organisation_id or 0)


def open_invitations() -> QuerySet[Any]:
    from dragoman.conversations.enums import InvitationStatus
    from dragoman.conversations.models import AdminInvitation

    return (
        AdminInvitation.objects.filter(status=InvitationStatus.OPEN)
        .select_related("conversation", "invited_by__linguist_profile")
        .order_by("created_at")
    )


def providers_directory(
    *, query: str = "", service_id: int | None = None, language_id: int | None = None
) -> QuerySet[Any]:
    from dragoman.conversations.models import ProviderProfile

    queryset = ProviderProfile.objects.filter(is_public=True).prefetch_related(
        "services", "languages"
    )
    if query.strip():
        q = query.strip()
        queryset = queryset.filter(
            Q(display_name__icontains=q) | Q(headline__icontains=q) | Q(description__icontains=q)
        )
    if service_id:
        queryset = queryset.filter(services__id=service_id)
    if language_id:
        queryset = queryset.filter(languages__id=language_id)
    return queryset.distinct().order_by("display_name", "id")


def provider_get(*, provider_id: Any, public: bool = True) -> Any:
    from dragoman.conversations.models import ProviderProfile

    try:
        pk = int(provider_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such provider.")) from None
    provider = (
        ProviderProfile.objects.filter(pk=pk, is_public=True).select_related("linguist").first()
    )
    if provider is None:
        raise NotFound(_("No such provider."))
    return provider


def own_provider(*, user: User) -> Any:
    from dragoman.conversations.models import ProviderProfile

    actor = actor_for(user)
    if actor.is_partner_manager():
        return ProviderProfile.objects.filter(organisation_id=actor.organisation_id or 0).first()
    if actor.is_linguist:
        return ProviderProfile.objects.filter(linguist__user_id=user.pk).first()
    return None


def proposal_get(*, conversation: Conversation, proposal_id: Any) -> Any:
    try:
        pk = int(proposal_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such proposal.")) from None
    proposal = conversation.proposals.filter(pk=pk).first()
    if proposal is None:
        raise NotFound(_("No such proposal."))
    proposal.conversation = conversation
    return proposal


def attachment_get(*, conversation: Conversation, attachment_id: Any) -> Any:
    try:
        pk = int(attachment_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such file.")) from None
    attachment = (
        conversation.attachments.filter(pk=pk)
        .select_related("message__sender__linguist_profile")
        .first()
    )
    if attachment is None:
        raise NotFound(_("No such file."))
    return attachment
