"""Handing a stored file to its reader, for the page and the API alike.

Files are streamed through Django after the reader's rights were checked; there is never a
public or guessable URL to them (issue "Orders": "downloads permission-checked"). The
browser is told to save the file, not to show it, and not to guess its type.
"""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext as _

from dragoman.core.errors import NotFound
from dragoman.orders.models import OrderFile
from dragoman.orders.uploads import download_content_type


def file_response(order_file: OrderFile) -> FileResponse:
    try:
        handle = order_file.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise NotFound(_("The file is missing from storage; ask staff for help.")) from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=order_file.name,
        content_type=download_content_type(order_file.content_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser render it after all, it runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
