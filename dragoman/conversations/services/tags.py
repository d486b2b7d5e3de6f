"""Tags an organisation shares over its conversations: create, rename (the new name shows
everywhere at once: conversations link to the tag, not its name), delete (gone from every
conversation), add to and remove from a conversation."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.conversations.models import Conversation, ConversationTag, Tag
from dragoman.conversations.permissions import may_manage_tags
from dragoman.conversations.selectors import seat_of
from dragoman.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from dragoman.core.permissions import actor_for


def _organisation_id(by: User) -> int:
    actor = actor_for(by)
    if not may_manage_tags(actor) or actor.organisation_id is None:
        raise Forbidden(_("Tags belong to an organisation; you are in none."))
    return actor.organisation_id


def _clean(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed(_("Give the tag a name."), fields={"name": [_("Required.")]})
    if len(name) > 40:
        raise ValidationFailed(
            _("A tag's name has at most 40 characters."), fields={"name": [_("Too long.")]}
        )
    return name


def tag_get(*, by: User, tag_id: int) -> Tag:
    tag = Tag.objects.filter(pk=tag_id, organisation_id=_organisation_id(by)).first()
    if tag is None:
        raise NotFound(_("No such tag."))
    return tag


def _save(tag: Tag) -> Tag:
    try:
        with transaction.atomic():
            tag.save()
    except IntegrityError:
        raise Conflict(
            _("Your organisation already has a tag “%(name)s”.") % {"name": tag.name},
            code="duplicate_tag",
        ) from None
    return tag


@transaction.atomic
def tag_create(*, by: User, name: str) -> Tag:
    return _save(Tag(organisation_id=_organisation_id(by), name=_clean(name)))


@transaction.atomic
def tag_rename(*, by: User, tag: Tag, name: str) -> Tag:
    tag = tag_get(by=by, tag_id=tag.pk)
    tag.name = _clean(name)
    return _save(tag)


@transaction.atomic
def tag_delete(*, by: User, tag: Tag) -> None:
    tag_get(by=by, tag_id=tag.pk).delete()


@transaction.atomic
def conversation_tag(*, by: User, conversation: Conversation, tag: Tag, on: bool) -> None:
    seat_of(user=by, conversation=conversation)
    tag = tag_get(by=by, tag_id=tag.pk)
    if on:
        ConversationTag.objects.get_or_create(conversation=conversation, tag=tag)
    else:
        ConversationTag.objects.filter(conversation=conversation, tag=tag).delete()
