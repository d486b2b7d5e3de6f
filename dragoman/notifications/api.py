"""``/api/v1/notifications``: a user's own notifications and e-mail choices."""

from __future__ import annotations

from datetime import datetime

from ninja import Query, Schema
from pydantic import Field, StrictBool

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.core.api import ApiRouter, InputSchema
from dragoman.notifications import selectors, services
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.models import Notification

router = ApiRouter(tags=["notifications"])
PER_PAGE = 50


class NotificationOut(Schema):
    id: int
    kind: NotificationKind
    title: str
    body: str
    link: str = Field(description="A path on this Dragoman site, or empty")
    order_id: int | None
    created_at: datetime
    read_at: datetime | None


class NotificationPageOut(Schema):
    items: list[NotificationOut]
    count: int
    unread_count: int


class ReadAllOut(Schema):
    marked: int
    unread_count: int


class PreferenceOut(Schema):
    kind: NotificationKind
    label: str
    email: bool


class PreferenceIn(InputSchema):
    kind: NotificationKind
    email: StrictBool


def _out(notification: Notification) -> dict:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "body": notification.body,
        "link": notification.link,
        "order_id": notification.order_id,
        "created_at": notification.created_at,
        "read_at": notification.read_at,
    }


@router.get("", response=NotificationPageOut, summary="Your notifications, newest first, 50 a page")
def notification_list(
    request: AuthedHttpRequest,
    unread: bool | None = Query(None, description="true: only unread; false: only read"),
    page: int = Query(1, ge=1),
):
    queryset = selectors.notification_list(user=request.user, unread=unread)
    items = queryset[(page - 1) * PER_PAGE : page * PER_PAGE]
    return {
        "items": [_out(n) for n in items],
        "count": queryset.count(),
        "unread_count": selectors.unread_count(user=request.user),
    }


@router.post("/read-all", response=ReadAllOut, summary="Mark all your notifications read")
def notifications_read_all(request: AuthedHttpRequest):
    return {"marked": services.notifications_mark_all_read(user=request.user), "unread_count": 0}


@router.get(
    "/preferences",
    response=list[PreferenceOut],
    summary="For each kind, whether it also comes by e-mail",
)
def preference_list(request: AuthedHttpRequest):
    return selectors.preferences_for(user=request.user)


@router.put(
    "/preferences",
    response=list[PreferenceOut],
    summary="Switch e-mail on or off for the kinds listed (others keep their choice)",
)
def preference_update(request: AuthedHttpRequest, payload: list[PreferenceIn]):
    for choice in payload:
        services.preference_set(user=request.user, kind=choice.kind, email=choice.email)
    return selectors.preferences_for(user=request.user)


@router.post(
    "/{int:notification_id}/read",
    response=NotificationOut,
    summary="Mark one of your notifications read",
)
def notification_read(request: AuthedHttpRequest, notification_id: int):
    return _out(services.notification_mark_read(user=request.user, notification_id=notification_id))
