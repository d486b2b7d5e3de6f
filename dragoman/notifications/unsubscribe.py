"""One-click unsubscribe: a link in every e-mail that switches its kind off without logging in.

The link carries a signed token (the user's id and the kind); whoever holds the e-mail holds
the link, which is the point. The token does not expire: an old e-mail's link keeps working,
as mail clients that offer "Unsubscribe" (RFC 8058) expect.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from dragoman.notifications.enums import NotificationKind

SALT = "dragoman.notifications.unsubscribe"


@dataclass(frozen=True)
class Unsubscribe:
    """What a valid token asks: switch e-mail of ``kind`` off for the user ``user_id``."""

    user_id: int
    kind: str


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=SALT, compress=True)


def unsubscribe_read(token: str) -> Unsubscribe | None:
    """The request a token stands for, or None when it is tampered with or makes no sense."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, kind = data.get("u"), data.get("k")
    if not isinstance(user_id, int) or kind not in NotificationKind.values:
        return None
    return Unsubscribe(user_id=user_id, kind=kind)


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return settings.SITE_URL + reverse("notification_unsubscribe", args=[token])


def unsubscribe_headers(*, user_id: int, kind: str) -> dict[str, str]:
    """``List-Unsubscribe`` headers (RFC 2369, RFC 8058): mail clients show an "Unsubscribe"
    button that POSTs ``List-Unsubscribe=One-Click`` to the link."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user_id=user_id, kind=kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
