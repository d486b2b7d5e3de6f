"""``/api/v1/conversations``, ``/api/v1/tags`` and ``/api/v1/providers``: the same services
as the pages and the socket; errors are ``{"code", "message", "fields"}``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Schema, Status, UploadedFile
from pydantic import Field, StrictBool, StrictInt

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.catalog.models import Language, Service
from dragoman.conversations import selectors
from dragoman.conversations.enums import ConversationKind, ConversationStatus, ProposalStatus, Side
from dragoman.conversations.models import Conversation, ProviderProfile
from dragoman.conversations.services import (
    admin_invite,
    admin_join,
    conversation_read,
    message_send,
)
from dragoman.conversations.services.attachments import attachment_send
from dragoman.conversations.services.market import (
    customer_block,
    market_conversation_decline,
    market_conversation_start,
    provider_profile_save,
)
from dragoman.conversations.services.proposals import (
    proposal_answer,
    proposal_send,
    proposal_withdraw,
)
from dragoman.conversations.services.tags import (
    conversation_tag,
    tag_create,
    tag_delete,
    tag_get,
    tag_rename,
)
from dragoman.core.api import ApiRouter, ErrorOut, InputSchema
from dragoman.core.errors import Forbidden, NotFound
from dragoman.core.permissions import actor_for

router = ApiRouter(tags=["conversations"])
tags_router = ApiRouter(tags=["conversations"])
providers_router = ApiRouter(tags=["marketplace"])
PER_PAGE = 50


class TagOut(Schema):
    id: int
    name: str


class ConversationOut(Schema):
    id: int
    kind: ConversationKind
    status: ConversationStatus
    subject: str
    counterpart: str = Field(description="Who the conversation is with, as you may name them")
    order_id: int | None
    provider_id: int | None
    last_seq: int
    unread: int
    last_message_at: datetime | None
    opens_at: datetime | None = Field(description="Writing opens then (events); null: open")
    tags: list[TagOut]


class ConversationPageOut(Schema):
    items: list[ConversationOut]
    count: int
    unread_total: int


class SeatOut(Schema):
    side: Side
    can_write: bool


class ParticipantOut(Schema):
    name: str
    side: Side
    joined_at: datetime


class ConversationDetailOut(ConversationOut):
    you: SeatOut
    participants: list[ParticipantOut]
    admin_invited: bool


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    url: str
    thumbnail_url: str
    is_image: bool
    is_video: bool


class ProposalCardOut(Schema):
    id: int
    scope: str
    price: str
    currency: str
    deadline: datetime
    status: ProposalStatus
    status_label: str
    order: int | None


class MessageOut(Schema):
    id: int
    conversation: int
    seq: int
    kind: str
    side: Side
    mine: bool
    sender: str
    body: str = Field(description="As written; contact details masked for the other side")
    contacts_hidden: bool
    client_id: str
    created_at: datetime
    system: str = Field(
        description="System messages: what happened (opened, reminder, status, admin_joined…)"
    )
    text: str = Field(description="System and proposal messages: what happened")
    attachment: AttachmentOut | None
    proposal: ProposalCardOut | None


class MessagePageOut(Schema):
    items: list[MessageOut]
    last_seq: int = Field(description="The seq of the last item, or `after` when none")
    more: bool = Field(description="More messages follow: ask again with after=last_seq")


class MessageIn(InputSchema):
    body: str = Field(max_length=20000)
    client_id: str = Field(
        "",
        max_length=200,
        description="Your id for the message: a retry with the same id returns the original",
    )


class ReadIn(InputSchema):
    seq: StrictInt | None = Field(None, description="Read up to this seq; default: everything")


class ReadOut(Schema):
    unread: int
    unread_total: int


class InviteIn(InputSchema):
    reason: str = Field("", max_length=500)


class InvitationOut(Schema):
    id: int
    conversation_id: int
    subject: str
    reason: str
    created_at: datetime


class ProposalIn(InputSchema):
    scope: str = Field(max_length=4000)
    price: str = Field(description="Decimal, e.g. 450.00")
    currency: str = Field("EUR", max_length=3)
    deadline: datetime
    service_id: StrictInt
    source_language_id: StrictInt
    target_language_id: StrictInt
    duration_minutes: StrictInt | None = None


class ConversationDeclineIn(InputSchema):
    reason: str = Field("", max_length=500)


class BlockIn(InputSchema):
    confirm: StrictBool = Field(description="Must be true: blocking cannot be undone")


class TagIn(InputSchema):
    name: str = Field(max_length=200)


class ProviderOut(Schema):
    id: int
    name: str
    headline: str
    description: str
    website: str
    kind: str = Field(description="agency or linguist")
    services: list[str]
    languages: list[str]


class ProviderIn(InputSchema):
    display_name: str = Field("", max_length=200)
    headline: str = Field("", max_length=200)
    description: str = Field("", max_length=5000)
    website: str = Field("", max_length=200)
    service_ids: list[StrictInt] = []
    language_ids: list[StrictInt] = []
    is_public: StrictBool = True


class StartIn(InputSchema):
    subject: str = Field(max_length=200)
    body: str = Field(max_length=20000)
    client_id: str = Field("", max_length=200)


# --- helpers --------------------------------------------------------------------------------


def _conversation_out(actor: Any, conversation: Conversation) -> dict[str, Any]:
    unread = getattr(conversation, "unread", None)
    return {
        "id": conversation.pk,
        "kind": conversation.kind,
        "status": conversation.status,
        "subject": conversation.subject,
        "counterpart": selectors.conversation_title(actor, conversation),
        "order_id": conversation.order_id,
        "provider_id": conversation.provider_id,
        "last_seq": conversation.last_seq,
        "unread": max(0, unread) if unread is not None else 0,
        "last_message_at": conversation.last_message_at,
        "opens_at": conversation.opens_at,
        "tags": [{"id": t.pk, "name": t.name} for t in selectors.my_tags(conversation)],
    }


def _get(request: AuthedHttpRequest, conversation_id: int) -> Conversation:
    return selectors.conversation_get_for_user(user=request.user, conversation_id=conversation_id)


def _viewer(request: AuthedHttpRequest, conversation: Conversation) -> selectors.Viewer:
    return selectors.Viewer.of(
        request.user, selectors.seat_of(user=request.user, conversation=conversation)
    )


def _listed(request: AuthedHttpRequest, conversation_id: int) -> Conversation:
    """The conversation with the reader's unread count and tags, as the list has it."""
    conversation = selectors.conversation_list(user=request.user).filter(pk=conversation_id).first()
    if conversation is None:
        raise NotFound("No such conversation.", code="not_found")
    return conversation


def _provider_out(provider: ProviderProfile) -> dict[str, Any]:
    return {
        "id": provider.pk,
        "name": provider.display_name,
        "headline": provider.headline,
        "description": provider.description,
        "website": provider.website,
        "kind": "linguist" if provider.linguist_id else "agency",
        "services": [str(s) for s in provider.services.all()],
        "languages": [lang.code for lang in provider.languages.all()],
    }


# --- conversations --------------------------------------------------------------------------


@router.get("", response=ConversationPageOut, summary="Your conversations, latest activity first")
def conversation_list(
    request: AuthedHttpRequest,
    tag: int | None = Query(None, description="Only those with this tag of your organisation"),
    unread: bool = Query(False, description="Only those with unread messages"),
    q: str = Query(
        "", max_length=200, description="Contact, organisation, web address or message text"
    ),
    kind: ConversationKind | None = None,
    page: int = Query(1, ge=1),
):
    actor = actor_for(request.user)
    queryset = selectors.conversation_list(
        user=request.user, tag_id=tag, unread=unread, query=q, kind=kind or ""
    )
    items = list(queryset[(page - 1) * PER_PAGE : page * PER_PAGE])
    return {
        "items": [_conversation_out(actor, c) for c in items],
        "count": queryset.count(),
        "unread_total": selectors.unread_total(user=request.user),
    }


@router.get(
    "/invitations",
    response=list[InvitationOut],
    summary="Staff: conversations waiting for an administrator",
)
def invitation_queue(request: AuthedHttpRequest):
    if not actor_for(request.user).is_staff:
        raise Forbidden("Only staff see the invitations.")
    return [
        {
            "id": i.pk,
            "conversation_id": i.conversation_id,
            "subject": i.conversation.subject,
            "reason": i.reason,
            "created_at": i.created_at,
        }
        for i in selectors.open_invitations()
    ]


@router.get("/{int:conversation_id}", response=ConversationDetailOut, summary="One conversation")
def conversation_detail(request: AuthedHttpRequest, conversation_id: int):
    conversation = _listed(request, conversation_id)
    actor = actor_for(request.user)
    seat = selectors.seat_of(user=request.user, conversation=conversation)
    viewer = selectors.Viewer.of(request.user, seat)
    return {
        **_conversation_out(actor, conversation),
        "you": {"side": seat.side, "can_write": seat.can_write},
        "participants": [
            {
                "name": selectors.person_name(viewer, p.user),
                "side": p.side,
                "joined_at": p.joined_at,
            }
            for p in selectors.participants_of(conversation=conversation)
        ],
        "admin_invited": conversation.invitations.filter(status="open").exists(),
    }


@router.get(
    "/{int:conversation_id}/messages",
    response=MessagePageOut,
    summary="Messages after a seq, in order (at most 200; `more` says when to ask again)",
)
def message_list(
    request: AuthedHttpRequest,
    conversation_id: int,
    after: int = Query(0, ge=0, description="Only messages with a higher seq"),
    limit: int = Query(selectors.PAGE, ge=1, le=500),
):
    conversation = _get(request, conversation_id)
    viewer = _viewer(request, conversation)
    rows = selectors.messages_after(conversation=conversation, after=after, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [selectors.message_view(viewer, m) for m in rows],
        "last_seq": rows[-1].seq if rows else after,
        "more": more,
    }


@router.post(
    "/{int:conversation_id}/messages",
    response={200: MessageOut, 201: MessageOut, 429: ErrorOut},
    summary="Send a message (201; a retry with the same client_id answers 200 with the original)",
)
def message_create(request: AuthedHttpRequest, conversation_id: int, payload: MessageIn):
    conversation = _get(request, conversation_id)
    message, created = message_send(
        conversation=conversation, by=request.user, body=payload.body, client_id=payload.client_id
    )
    return Status(
        201 if created else 200, selectors.message_view(_viewer(request, conversation), message)
    )


@router.post(
    "/{int:conversation_id}/attachments",
    response={200: MessageOut, 201: MessageOut, 429: ErrorOut},
    summary="Send a file (multipart: `file`, optional `body` and `client_id`)",
)
def attachment_create(
    request: AuthedHttpRequest,
    conversation_id: int,
    file: File[UploadedFile],
    body: Form[str] = "",
    client_id: Form[str] = "",
):
    conversation = _get(request, conversation_id)
    message, created = attachment_send(
        conversation=conversation, by=request.user, upload=file, body=body, client_id=client_id
    )
    return Status(
        201 if created else 200, selectors.message_view(_viewer(request, conversation), message)
    )


@router.post("/{int:conversation_id}/read", response=ReadOut, summary="Mark read up to a seq")
def conversation_mark_read(request: AuthedHttpRequest, conversation_id: int, payload: ReadIn):
    conversation = _get(request, conversation_id)
    unread = conversation_read(conversation=conversation, by=request.user, seq=payload.seq)
    return {"unread": unread, "unread_total": selectors.unread_total(user=request.user)}


@router.post(
    "/{int:conversation_id}/invite-admin",
    response={201: InvitationOut},
    summary="Ask an administrator to join",
)
def invite_admin(request: AuthedHttpRequest, conversation_id: int, payload: InviteIn):
    conversation = _get(request, conversation_id)
    invitation = admin_invite(conversation=conversation, by=request.user, reason=payload.reason)
    return Status(
        201,
        {
            "id": invitation.pk,
            "conversation_id": conversation.pk,
            "subject": conversation.subject,
            "reason": invitation.reason,
            "created_at": invitation.created_at,
        },
    )


@router.post(
    "/{int:conversation_id}/join", response={201: SeatOut}, summary="Staff: join as administrator"
)
def join(request: AuthedHttpRequest, conversation_id: int):
    conversation = _get(request, conversation_id)
    participant = admin_join(conversation=conversation, by=request.user)
    return Status(201, {"side": participant.side, "can_write": participant.can_write})


@router.get(
    "/{int:conversation_id}/proposals",
    response=list[ProposalCardOut],
    summary="Proposals in a marketplace conversation",
)
def proposal_list(request: AuthedHttpRequest, conversation_id: int):
    conversation = _get(request, conversation_id)
    return [
        selectors.proposal_view(_viewer(request, conversation), p)
        for p in conversation.proposals.all()
    ]


@router.post(
    "/{int:conversation_id}/proposals",
    response={201: ProposalCardOut},
    summary="Provider: send a proposal",
)
def proposal_create(request: AuthedHttpRequest, conversation_id: int, payload: ProposalIn):
    conversation = _get(request, conversation_id)
    proposal = proposal_send(
        conversation=conversation,
        by=request.user,
        scope=payload.scope,
        price=payload.price,
        currency=payload.currency,
        deadline=payload.deadline,
        service=get_object_or_404(Service, pk=payload.service_id, is_active=True),
        source_language=get_object_or_404(Language, pk=payload.source_language_id, is_active=True),
        target_language=get_object_or_404(Language, pk=payload.target_language_id, is_active=True),
        duration_minutes=payload.duration_minutes,
    )
    return Status(201, selectors.proposal_view(_viewer(request, conversation), proposal))


def _proposal_action(
    request: AuthedHttpRequest, conversation_id: int, proposal_id: int, action: str
) -> dict[str, Any]:
    conversation = _get(request, conversation_id)
    proposal = selectors.proposal_get(conversation=conversation, proposal_id=proposal_id)
    if action == "withdraw":
        proposal = proposal_withdraw(proposal=proposal, by=request.user)
    else:
        proposal = proposal_answer(proposal=proposal, by=request.user, accept=action == "accept")
    return selectors.proposal_view(_viewer(request, conversation), proposal)


@router.post(
    "/{int:conversation_id}/proposals/{int:proposal_id}/accept",
    response=ProposalCardOut,
    summary="Customer: accept (creates a request, quoted at the price)",
)
def proposal_accept(request: AuthedHttpRequest, conversation_id: int, proposal_id: int):
    return _proposal_action(request, conversation_id, proposal_id, "accept")


@router.post(
    "/{int:conversation_id}/proposals/{int:proposal_id}/reject",
    response=ProposalCardOut,
    summary="Customer: reject",
)
def proposal_reject(request: AuthedHttpRequest, conversation_id: int, proposal_id: int):
    return _proposal_action(request, conversation_id, proposal_id, "reject")


@router.post(
    "/{int:conversation_id}/proposals/{int:proposal_id}/withdraw",
    response=ProposalCardOut,
    summary="Provider: withdraw an open proposal",
)
def proposal_withdraw_view(request: AuthedHttpRequest, conversation_id: int, proposal_id: int):
    return _proposal_action(request, conversation_id, proposal_id, "withdraw")


@router.post(
    "/{int:conversation_id}/decline",
    response=ConversationOut,
    summary="Provider: decline the request (its open job too)",
)
def decline(request: AuthedHttpRequest, conversation_id: int, payload: ConversationDeclineIn):
    conversation = _get(request, conversation_id)
    market_conversation_decline(conversation=conversation, by=request.user, reason=payload.reason)
    return _conversation_out(actor_for(request.user), _listed(request, conversation_id))


@router.post(
    "/{int:conversation_id}/block",
    response=ConversationOut,
    summary="Provider: block the customer for good (send confirm: true)",
)
def block(request: AuthedHttpRequest, conversation_id: int, payload: BlockIn):
    conversation = _get(request, conversation_id)
    customer_block(conversation=conversation, by=request.user, confirm=payload.confirm)
    return _conversation_out(actor_for(request.user), _listed(request, conversation_id))


@router.put(
    "/{int:conversation_id}/tags/{int:tag_id}",
    response={204: None},
    summary="Put your organisation's tag on the conversation",
)
def tag_add(request: AuthedHttpRequest, conversation_id: int, tag_id: int):
    conversation = _get(request, conversation_id)
    conversation_tag(
        by=request.user,
        conversation=conversation,
        tag=tag_get(by=request.user, tag_id=tag_id),
        on=True,
    )
    return Status(204, None)


@router.delete(
    "/{int:conversation_id}/tags/{int:tag_id}",
    response={204: None},
    summary="Take the tag off the conversation",
)
def tag_remove(request: AuthedHttpRequest, conversation_id: int, tag_id: int):
    conversation = _get(request, conversation_id)
    conversation_tag(
        by=request.user,
        conversation=conversation,
        tag=tag_get(by=request.user, tag_id=tag_id),
        on=False,
    )
    return Status(204, None)


# --- tags -----------------------------------------------------------------------------------


@tags_router.get("", response=list[TagOut], summary="Your organisation's conversation tags")
def tag_list(request: AuthedHttpRequest):
    return [{"id": t.pk, "name": t.name} for t in selectors.tags_of(user=request.user)]


@tags_router.post("", response={201: TagOut}, summary="Create a tag")
def tag_new(request: AuthedHttpRequest, payload: TagIn):
    tag = tag_create(by=request.user, name=payload.name)
    return Status(201, {"id": tag.pk, "name": tag.name})


@tags_router.patch("/{int:tag_id}", response=TagOut, summary="Rename a tag (everywhere)")
def tag_change(request: AuthedHttpRequest, tag_id: int, payload: TagIn):
    tag = tag_rename(
        by=request.user, tag=tag_get(by=request.user, tag_id=tag_id), name=payload.name
    )
    return {"id": tag.pk, "name": tag.name}


@tags_router.delete(
    "/{int:tag_id}", response={204: None}, summary="Delete a tag (from every conversation)"
)
def tag_remove_all(request: AuthedHttpRequest, tag_id: int):
    tag_delete(by=request.user, tag=tag_get(by=request.user, tag_id=tag_id))
    return Status(204, None)


# --- providers ------------------------------------------------------------------------------


@providers_router.get("", response=list[ProviderOut], summary="The provider directory")
def provider_list(
    request: AuthedHttpRequest,
    q: str = Query("", max_length=200),
    service: int | None = None,
    language: int | None = None,
):
    providers = selectors.providers_directory(query=q, service_id=service, language_id=language)
    return [_provider_out(p) for p in providers[:200]]


@providers_router.get("/me", response=ProviderOut, summary="Your own provider profile")
def provider_me(request: AuthedHttpRequest):
    provider = selectors.own_provider(user=request.user)
    if provider is None:
        raise NotFound("You have no provider profile yet.", code="not_found")
    return _provider_out(provider)


@providers_router.put(
    "/me",
    response=ProviderOut,
    summary="Create or change your provider profile (partner managers, linguists)",
)
def provider_me_save(request: AuthedHttpRequest, payload: ProviderIn):
    provider = provider_profile_save(
        by=request.user,
        profile=selectors.own_provider(user=request.user),
        display_name=payload.display_name,
        headline=payload.headline,
        description=payload.description,
        website=payload.website,
        services=list(Service.objects.filter(pk__in=payload.service_ids, is_active=True)),
        languages=list(Language.objects.filter(pk__in=payload.language_ids, is_active=True)),
        is_public=payload.is_public,
    )
    return _provider_out(provider)


@providers_router.get("/{int:provider_id}", response=ProviderOut, summary="One provider")
def provider_detail(request: AuthedHttpRequest, provider_id: int):
    return _provider_out(selectors.provider_get(provider_id=provider_id))


@providers_router.post(
    "/{int:provider_id}/conversations",
    response={201: ConversationOut},
    summary="Customer: start a conversation with the provider",
)
def provider_start(request: AuthedHttpRequest, provider_id: int, payload: StartIn):
    provider = selectors.provider_get(provider_id=provider_id)
    conversation = market_conversation_start(
        provider=provider,
        by=request.user,
        subject=payload.subject,
        body=payload.body,
        client_id=payload.client_id,
    )
    return Status(
        201, _conversation_out(actor_for(request.user), _listed(request, conversation.pk))
    )
