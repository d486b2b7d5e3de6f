"""Pages of conversations: the list (tags, unread and search together), a conversation with
live updates (``static/dragoman/chat.js`` over the page's one socket), attachments,
proposals, tags, invite-admin, decline and block; the provider directory; the staff queue.

Every form works without JavaScript too: it posts here and comes back to the conversation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.catalog.models import Language, Service
from dragoman.conversations import selectors
from dragoman.conversations.enums import ConversationKind, ProposalStatus, Side
from dragoman.conversations.models import Conversation
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
from dragoman.core.errors import DomainError, NotFound
from dragoman.core.permissions import actor_for
from dragoman.orders.uploads import download_content_type

PER_PAGE = 30
HISTORY = 50


def _get(request: AuthedHttpRequest, conversation_id: int) -> Conversation:
    try:
        return selectors.conversation_get_for_user(
            user=request.user, conversation_id=conversation_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _back(conversation_id: int) -> HttpResponse:
    return redirect("conversations:detail", conversation_id)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def conversation_list(request: AuthedHttpRequest) -> HttpResponse:
    tag_id = _int(request.GET.get("tag"))
    unread = request.GET.get("unread") == "1"
    query = (request.GET.get("q") or "").strip()[:200]
    kind = request.GET.get("kind") or ""
    actor = actor_for(request.user)
    queryset = selectors.conversation_list(
        user=request.user, tag_id=tag_id, unread=unread, query=query, kind=kind
    )
    from django.core.paginator import Paginator

    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "conversation": c,
            "with": selectors.conversation_title(actor, c),
            "unread": max(0, getattr(c, "unread", 0) or 0),
            "tags": selectors.my_tags(c),
        }
        for c in page.object_list
    ]
    return render(
        request,
        "conversations/list.html",
        {
            "page": page,
            "rows": rows,
            "tags": list(selectors.tags_of(user=request.user)),
            "tag_id": tag_id,
            "unread": unread,
            "query": query,
            "kind": kind,
            "kinds": ConversationKind.choices,
            "filtered": bool(tag_id or unread or query or kind),
            "is_staff": actor.is_staff,
            "open_invitations": selectors.open_invitations().count() if actor.is_staff else 0,
        },
    )


@login_required
def conversation_detail(request: AuthedHttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get(request, conversation_id)
    actor = actor_for(request.user)
    seat = selectors.seat_of(user=request.user, conversation=conversation)
    viewer = selectors.Viewer.of(request.user, seat)
    before = _int(request.GET.get("before"))
    rows = selectors.messages_before(
        conversation=conversation,
        before=before or conversation.last_seq + 1,
        limit=HISTORY,
    )
    history = [selectors.message_view(viewer, m) for m in rows]
    # Opening the page reads everything up to here.
    if not before and conversation.last_seq:
        conversation_read(conversation=conversation, by=request.user)
    listed = selectors.conversation_list(user=request.user).filter(pk=conversation.pk).first()
    tags_on = {t.pk for t in selectors.my_tags(listed)} if listed else set()
    is_provider = seat.side == Side.PROVIDER
    now = timezone.now()
    context = {
        "conversation": conversation,
        "title": selectors.conversation_title(actor, conversation),
        "seat": seat,
        "history": history,
        "earlier": rows[0].seq if rows and rows[0].seq > 1 else None,
        "last_seq": rows[-1].seq if rows else (before or 1) - 1,
        "not_open_yet": conversation.opens_at is not None and now < conversation.opens_at,
        "participants": [
            {
                "name": selectors.person_name(viewer, p.user),
                "side": p.get_side_display(),
                "joined_at": p.joined_at,
            }
            for p in selectors.participants_of(conversation=conversation)
        ],
        "invitation": conversation.invitations.filter(status="open").first(),
        "may_join": actor.is_staff and not seat.can_write,
        "may_invite": seat.can_write and seat.side != Side.STAFF,
        "tags": list(selectors.tags_of(user=request.user)) if actor.organisation_id else [],
        "tags_on": tags_on,
        "is_provider": is_provider,
        "is_customer": seat.side == Side.CUSTOMER,
        "open_proposal": conversation.proposals.filter(status=ProposalStatus.OPEN).first(),
        "services": Service.objects.filter(is_active=True) if is_provider else [],
        "languages": Language.objects.filter(is_active=True) if is_provider else [],
        "max_body": 10_000,
        "opens_minutes": settings.CHAT_OPENS_MINUTES_BEFORE,
    }
    return render(request, "conversations/detail.html", context)


def _run(request: AuthedHttpRequest, work: Any, success: str = "") -> None:
    try:
        work()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if success:
            messages.success(request, success)


@login_required
@require_POST
def send(request: AuthedHttpRequest, conversation_id: int) -> HttpResponse:
    """The composer without JavaScript (with it, messages go over the socket)."""
    conversation = _get(request, conversation_id)
    upload = request.FILES.get("file")
    body = request.POST.get("body", "")
    client_id = request.POST.get("client_id", "")
    if upload is not None:
        _run(
            request,
            lambda: attachment_send(
                conversation=conversation,
                by=request.user,
                upload=upload,
                body=body,
                client_id=client_id,
            ),
        )
    else:
        _run(
            request,
            lambda: message_send(
                conversation=conversation, by=request.user, body=body, client_id=client_id
            ),
        )
    return _back(conversation_id)


@login_required
@require_POST
def invite(request: AuthedHttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get(request, conversation_id)
    _run(
        request,
        lambda: admin_invite(
            conversation=conversation, by=request.user, reason=request.POST.get("reason", "")
        ),
        _("An administrator is invited; staff were notified."),
    )
    return _back(conversation_id)


@login_required
@require_POST
def join(request: AuthedHttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get(request, conversation_id)
    _run(
        request,
        lambda: admin_join(conversation=conversation, by=request.user),
        _("You joined the conversation."),
    )
    return _back(conversation_id)


@login_required
def invitations(request: AuthedHttpRequest) -> HttpResponse:
    if not actor_for(request.user).is_staff:
        raise Http404
    return render(
        request, "conversations/invitations.html", {"invitations": selectors.open_invitations()}
    )


def _deadline(value: str) -> datetime | None:
    parsed = parse_datetime(value or "")
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


@login_required
@require_POST
def proposal_new(request: AuthedHttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get(request, conversation_id)
    post = request.POST

    def work() -> None:
        service = Service.objects.filter(pk=_int(post.get("service")) or 0, is_active=True).first()
        source = Language.objects.filter(
            pk=_int(post.get("source_language")) or 0, is_active=True
        ).first()
        target = Language.objects.filter(
            pk=_int(post.get("target_language")) or 0, is_active=True
        ).first()
        if service is None or source is None or target is None:
            raise DomainError(_("Choose the service and both languages."))
        proposal_send(
            conversation=conversation,
            by=request.user,
            scope=post.get("scope", ""),
            price=post.get("price", ""),
            currency=post.get("currency", "EUR"),
            deadline=_deadline(post.get("deadline", "")),  # type: ignore[arg-type]  # None is refused with a message
            service=service,
            source_language=source,
            target_language=target,
            duration_minutes=_int(post.get("duration_minutes")),
        )

    _run(request, work, _("Your proposal is sent."))
    return _back(conversation_id)


@login_required
@require_POST
def proposal_act(
    request: AuthedHttpRequest, conversation_id: int, proposal_id: int, action: str
) -> HttpResponse:
    conversation = _get(request, conversation_id)

    def work() -> None:
        proposal = selectors.proposal_get(conversation=conversation, proposal_id=proposal_id)
        if action == "withdraw":
            proposal_withdraw(proposal=proposal, by=request.user)
        elif action in ("accept", "reject"):
            proposal_answer(proposal=proposal, by=request.user, accept=action == "accept")
        else:
            raise NotFound(_("Unknown action."))

    done = {
        "accept": _("You accepted the proposal: the request is created."),
        "reject": _("You rejected the proposal."),
        "withdraw": _("You withdrew the proposal."),
    }
    _run(request, work, done.get(action, ""))
    return _back(conversation_id)


@login_required
@require_POST
def decline(request: AuthedHttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get(request, conversation_id)
    _run(
        request,
        lambda: market_conversation_decline(
            conversation=conversation, by=request.user, reason=request.POST.get("reason", "")
        ),
        _("You declined the request."),
    )
    return _back(conversation_id)


@login_required
@require_POST
def block(request: AuthedHttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get(request, conversation_id)
    _run(
        request,
        lambda: customer_block(
            conversation=conversation, by=request.user, confirm=request.POST.get("confirm") == "yes"
        ),
        _("The customer is blocked."),
    )
    return _back(conversation_id)


@login_required
@require_POST
def tag_toggle(request: AuthedHttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get(request, conversation_id)

    def work() -> None:
        tag = tag_get(by=request.user, tag_id=_int(request.POST.get("tag")) or 0)
        conversation_tag(
            by=request.user, conversation=conversation, tag=tag, on=request.POST.get("on") == "1"
        )

    _run(request, work)
    return _back(conversation_id)


@login_required
def tags(request: AuthedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        action = request.POST.get("action")
        name = request.POST.get("name", "")
        tag_id = _int(request.POST.get("tag")) or 0
        if action == "create":
            _run(request, lambda: tag_create(by=request.user, name=name), _("The tag is created."))
        elif action == "rename":
            _run(
                request,
                lambda: tag_rename(
                    by=request.user, tag=tag_get(by=request.user, tag_id=tag_id), name=name
                ),
                _("The tag is renamed everywhere."),
            )
        elif action == "delete":
            _run(
                request,
                lambda: tag_delete(by=request.user, tag=tag_get(by=request.user, tag_id=tag_id)),
                _("The tag is deleted from every conversation."),
            )
        return redirect("conversations:tags")
    from django.db.models import Count

    rows = selectors.tags_of(user=request.user).annotate(uses=Count("links"))
    return render(
        request,
        "conversations/tags.html",
        {"tags": rows, "has_organisation": actor_for(request.user).organisation_id is not None},
    )


def _file(
    request: AuthedHttpRequest, conversation_id: int, attachment_id: int, *, thumbnail: bool
) -> FileResponse:
    conversation = _get(request, conversation_id)
    try:
        attachment = selectors.attachment_get(
            conversation=conversation, attachment_id=attachment_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    stored = attachment.thumbnail if thumbnail else attachment.file
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except OSError as exc:
        raise Http404(_("The file is missing from storage.")) from exc
    inline = thumbnail or attachment.is_image or attachment.is_video
    name = attachment.name
    message = getattr(attachment, "message", None)
    if message is not None:
        viewer = selectors.Viewer.of(
            request.user, selectors.seat_of(user=request.user, conversation=conversation)
        )
        name = selectors.attachment_name(viewer, message)
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=name if not thumbnail else "thumbnail.jpg",
        content_type="image/jpeg" if thumbnail else download_content_type(attachment.content_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def attachment(
    request: AuthedHttpRequest, conversation_id: int, attachment_id: int
) -> FileResponse:
    return _file(request, conversation_id, attachment_id, thumbnail=False)


@login_required
def thumbnail(request: AuthedHttpRequest, conversation_id: int, attachment_id: int) -> FileResponse:
    return _file(request, conversation_id, attachment_id, thumbnail=True)


# --- the provider directory ------------------------------------------------------------------


@login_required
def provider_list(request: AuthedHttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:200]
    service_id = _int(request.GET.get("service"))
    language_id = _int(request.GET.get("language"))
    providers = selectors.providers_directory(
        query=query, service_id=service_id, language_id=language_id
    )
    return render(
        request,
        "conversations/providers.html",
        {
            "providers": providers[:100],
            "query": query,
            "service_id": service_id,
            "language_id": language_id,
            "services": Service.objects.filter(is_active=True),
            "languages": Language.objects.filter(is_active=True),
            "own": selectors.own_provider(user=request.user),
            "may_list": actor_for(request.user).is_partner_manager()
            or actor_for(request.user).is_linguist,
        },
    )


@login_required
def provider_detail(request: AuthedHttpRequest, provider_id: int) -> HttpResponse:
    try:
        provider = selectors.provider_get(provider_id=provider_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    actor = actor_for(request.user)
    from dragoman.conversations.permissions import may_start_market_conversation

    if request.method == "POST":
        try:
            conversation = market_conversation_start(
                provider=provider,
                by=request.user,
                subject=request.POST.get("subject", ""),
                body=request.POST.get("body", ""),
                client_id=request.POST.get("client_id", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return _back(conversation.pk)
    existing = (
        selectors.conversation_list(user=request.user).filter(provider=provider)[:20]
        if actor.in_client
        else []
    )
    return render(
        request,
        "conversations/provider.html",
        {
            "provider": provider,
            "may_start": may_start_market_conversation(actor),
            "existing": existing,
            "subject": request.POST.get("subject", ""),
            "body": request.POST.get("body", ""),
        },
    )


@login_required
def provider_edit(request: AuthedHttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not (actor.is_partner_manager() or actor.is_linguist):
        raise Http404
    own = selectors.own_provider(user=request.user)
    if request.method == "POST":
        post = request.POST
        try:
            own = provider_profile_save(
                by=request.user,
                profile=own,
                display_name=post.get("display_name", ""),
                headline=post.get("headline", ""),
                description=post.get("description", ""),
                website=post.get("website", ""),
                services=list(
                    Service.objects.filter(pk__in=post.getlist("services"), is_active=True)
                ),
                languages=list(
                    Language.objects.filter(pk__in=post.getlist("languages"), is_active=True)
                ),
                is_public=post.get("is_public") == "1",
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your provider profile is saved."))
            return redirect(
                reverse("conversations:provider_detail", args=[own.pk])
                if own.is_public
                else "conversations:provider_edit"
            )
    return render(
        request,
        "conversations/provider_form.html",
        {
            "own": own,
            "post": request.POST if request.method == "POST" else None,
            "services": Service.objects.filter(is_active=True),
            "languages": Language.objects.filter(is_active=True),
            "chosen_services": {s.pk for s in own.services.all()} if own else set(),
            "chosen_languages": {lang.pk for lang in own.languages.all()} if own else set(),
            "is_linguist": actor.is_linguist,
        },
    )


def order_panel(*, request: Any, order: Any, actor: Any) -> Any:
    """The order page's link to its conversation (``core.panels``), with the unread count."""
    from dragoman.core.panels import Panel

    conversation = Conversation.objects.filter(order_id=order.pk).first()
    if conversation is None:
        return None
    from dragoman.conversations.permissions import seat_for

    if seat_for(actor, conversation) is None:
        return None
    read = (
        conversation.participants.filter(user_id=actor.user_id)
        .values_list("last_read_seq", flat=True)
        .first()
    )
    return Panel(
        "conversations/_order_panel.html",
        {
            "conversation": conversation,
            "unread": max(0, conversation.last_seq - (read or 0)),
            "not_open_yet": conversation.opens_at is not None
            and timezone.now() < conversation.opens_at,
        },
    )
