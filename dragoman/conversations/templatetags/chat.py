"""``{{ text|chat_text }}``: a message as typed, escaped, with its web links clickable
(``rel="noopener nofollow"``, in a new tab) and its line breaks kept. chat.js does the same
for messages that arrive live."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# http(s) links and www. addresses; a trailing full stop, comma or bracket stays text.
LINK = re.compile(r"\b((?:https?://|www\.)[^\s<>\"']+?)(?=[.,;:!?)\]]*(?:\s|$))", re.I)


@register.filter
def chat_text(value: str) -> SafeString:
    parts: list[str] = []
    last = 0
    for match in LINK.finditer(value or ""):
        parts.append(escape(value[last : match.start()]))
        url = match.group(1)
        href = url if url.lower().startswith("http") else f"https://{url}"
        parts.append(
            f'<a href="{escape(href)}" rel="noopener nofollow" target="_blank">{escape(url)}</a>'
        )
        last = match.end()
    parts.append(escape((value or "")[last:]))
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 — every part is escaped above
