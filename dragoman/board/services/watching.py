"""Watching a record: new entries about it are announced to its watchers (FAQ 2.7), who can
stop by a signed link.
"""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.board.models import (
    LWAEntry,
    Outsourcer,
    Watch,
)
from dragoman.board.services._common import _record_link, affiliated_users
from dragoman.core.errors import Forbidden, ValidationFailed
from dragoman.core.permissions import actor_for
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.services import notify

UNWATCH_SALT = "dragoman.board.unwatch"


def unwatch_token(*, user_id: int, outsourcer_id: int) -> str:
    """A signed token for the "stop watching" link of the e-mails (FAQ 2.10): it works
    without logging in and names one user and one outsourcer only."""
    return signing.dumps([user_id, outsourcer_id], salt=UNWATCH_SALT, compress=True)


def unwatch_token_read(token: str) -> tuple[int, int]:
    try:
        user_id, outsourcer_id = signing.loads(token, salt=UNWATCH_SALT)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise ValidationFailed(_("This link is not valid."), code="bad_token") from exc
    return int(user_id), int(outsourcer_id)


@transaction.atomic
def watch_start(*, by: User, outsourcer: Outsourcer) -> Watch:
    """Follow an outsourcer's record (FAQ 2.8): a notification for each new entry."""
    if not actor_for(by).is_authenticated:
        raise Forbidden(_("Log in to watch an outsourcer."), code="not_authenticated")
    watch, _created = Watch.objects.get_or_create(user_id=by.pk, outsourcer_id=outsourcer.pk)
    return watch


@transaction.atomic
def watch_stop(*, user_id: int, outsourcer_id: int) -> bool:
    """Stop following (FAQ 2.8, 2.10); True when there was something to stop."""
    deleted, _rows = Watch.objects.filter(user_id=user_id, outsourcer_id=outsourcer_id).delete()
    return bool(deleted)


def _tell_watchers(entry: LWAEntry) -> None:
    """Each watcher hears of a newly published entry, with their own stop-watching link in
    the e-mail (FAQ 2.10). The author and the outsourcer's people are told otherwise."""
    from django.conf import settings

    speaking = {u.pk for u in affiliated_users(entry.outsourcer)}
    watchers = (
        User.objects.filter(board_watches__outsourcer_id=entry.outsourcer_id, is_active=True)
        .exclude(pk=entry.author_id)
        .exclude(pk__in=speaking)
    )
    link = _record_link(entry.outsourcer_id, entry.pk)
    for watcher in watchers:
        stop = settings.SITE_URL + reverse(
            "board_unwatch",
            args=[unwatch_token(user_id=watcher.pk, outsourcer_id=entry.outsourcer_id)],
        )
        notify(
            recipients=[watcher],
            kind=NotificationKind.BOARD_WATCHED_ENTRY,
            title=_("A new LWA entry about %(name)s (LWA %(rating)s).")
            % {"name": entry.outsourcer.name, "rating": entry.rating},
            body=_("To stop watching %(name)s: %(link)s")
            % {"name": entry.outsourcer.name, "link": stop},
            link=link,
        )
