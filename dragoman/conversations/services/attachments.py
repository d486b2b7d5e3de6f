"""Attachments in a conversation: documents, photos (with a thumbnail) and short videos,
through the same checks as request files (size, and type by content: ``orders.uploads``)."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.conversations.models import Attachment, Conversation, Message
from dragoman.conversations.selectors import seat_of
from dragoman.conversations.services.messages import (
    _already_sent,
    _check_client_id,
    _check_rate,
    check_may_write,
    message_send,
)
from dragoman.core.errors import ValidationFailed
from dragoman.orders.uploads import check_upload

THUMBNAIL_PX = 320
# Pillow refuses images past this many pixels (a "decompression bomb" in a small file).
MAX_PIXELS = 50_000_000


def _thumbnail(upload: Any) -> bytes | None:
    """A JPEG of at most 320 by 320 px, or None when the image does not decode."""
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        upload.seek(0)
        with Image.open(upload) as opened:
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, "JPEG", quality=82)
            return out.getvalue()
    except Exception:  # Pillow raises many kinds of error for a broken image
        return None
    finally:
        upload.seek(0)


@transaction.atomic
def attachment_send(
    *,
    conversation: Conversation,
    by: User,
    upload: Any,
    body: str = "",
    client_id: str = "",
) -> tuple[Message, bool]:
    """Store the file and send it as a message (with an optional caption)."""
    client_id = (client_id or "").strip()
    _check_client_id(client_id)
    existing = _already_sent(by, client_id, conversation)
    if existing is not None:
        return existing, False
    seat = seat_of(user=by, conversation=conversation)
    check_may_write(conversation, seat, by=by)
    _check_rate(by)
    if upload is None:
        raise ValidationFailed(_("Choose a file to send."), fields={"file": [_("Required.")]})
    checked = check_upload(upload, max_bytes=settings.CHAT_ATTACHMENT_MAX_MB * 1024 * 1024)
    thumbnail = None
    if checked.content_type.startswith("image/"):
        thumbnail = _thumbnail(upload)
        if thumbnail is None:
            raise ValidationFailed(
                _("“%(name)s” is not a picture that can be opened.") % {"name": checked.name},
                code="bad_image",
                fields={"file": [_("Not a readable picture.")]},
            )
    attachment = Attachment(
        conversation=conversation,
        name=checked.name,
        size=checked.size,
        content_type=checked.content_type,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    upload.seek(0)
    attachment.file.save(checked.name, upload, save=False)
    if thumbnail is not None:
        attachment.thumbnail.save("thumb.jpg", ContentFile(thumbnail), save=False)
    attachment.save()
    try:
        return message_send(
            conversation=conversation, by=by, body=body, client_id=client_id, attachment=attachment
        )
    except Exception:
        # Refused after all (too long a caption, a flood): the stored files go too.
        attachment.file.delete(save=False)
        if attachment.thumbnail:
            attachment.thumbnail.delete(save=False)
        raise
