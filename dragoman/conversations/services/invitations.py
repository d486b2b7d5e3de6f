"""Inviting an administrator into a conversation (PIE seed: "the client or the interpreter
may invite the administrator"): staff are notified and see the queue; one joins, and
everybody sees who joined and when."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.conversations import realtime
from dragoman.conversations.enums import InvitationStatus, Side, SystemEvent
from dragoman.conversations.models import AdminInvitation, Conversation, Participant
from dragoman.conversations.selectors import seat_of
from dragoman.conversations.services.messages import system_post
from dragoman.core.errors import Conflict, Forbidden
from dragoman.core.permissions import actor_for
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.services import notify
from dragoman.orgs.selectors import staff_users


@transaction.atomic
def admin_invite(*, conversation: Conversation, by: User, reason: str = "") -> AdminInvitation:
    seat = seat_of(user=by, conversation=conversation)
    if seat.side == Side.STAFF:
        raise Forbidden(_("Staff join a conversation; they are not invited to it."))
    if not seat.can_write:
        raise Forbidden(_("Only those who write in the conversation may invite an administrator."))
    open_invitation = conversation.invitations.filter(status=InvitationStatus.OPEN).first()
    if open_invitation is not None:
        raise Conflict(
            _("An administrator was already invited at %(when)s and will join soon.")
            % {"when": timezone.localtime(open_invitation.created_at).strftime("%H:%M")},
            code="already_invited",
        )
    invitation = AdminInvitation.objects.create(
        conversation=conversation, invited_by=by, reason=reason.strip()[:500]
    )
    # The other side reads the inviter as they may see them (a linguist by pseudonym).
    name = by.linguist_profile.pseudonym if seat.side == Side.LINGUIST else by.full_name
    system_post(conversation=conversation, event=SystemEvent.ADMIN_INVITED, data={"name": name})
    notify(
        recipients=staff_users(),
        kind=NotificationKind.CHAT_ADMIN_INVITED,
        title=_("An administrator is asked to join “%(subject)s”.")
        % {"subject": conversation.subject},
        body=reason,
        link=reverse("conversations:invitations"),
    )
    return invitation


@transaction.atomic
def admin_join(
    *, invitation: AdminInvitation | None = None, conversation: Conversation, by: User
) -> Participant:
    """A staff member joins (answering the invitation, if any): they write from now on."""
    if not actor_for(by).is_staff:
        raise Forbidden(_("Only Dragoman staff join conversations as administrator."))
    participant = conversation.participants.filter(user=by).first()
    if participant is not None and participant.can_write:
        raise Conflict(_("You are already in this conversation."), code="already_joined")
    if participant is None:
        participant = Participant.objects.create(
            conversation=conversation,
            user=by,
            side=Side.STAFF,
            can_write=True,
            last_read_seq=conversation.last_seq,
        )
    else:
        # A staff member who only read it so far.
        participant.side, participant.can_write = Side.STAFF, True
        participant.save(update_fields=["side", "can_write"])
    realtime.seats_changed(conversation.pk)
    now = timezone.now()
    conversation.invitations.filter(status=InvitationStatus.OPEN).update(
        status=InvitationStatus.JOINED, joined_by=by, joined_at=now
    )
    system_post(
        conversation=conversation, event=SystemEvent.ADMIN_JOINED, data={"name": by.full_name}
    )
    return participant
