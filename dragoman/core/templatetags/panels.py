"""``{% render_panel panel %}``: a Panel's template with the page's context and its own."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from dragoman.core.panels import Panel

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context: template.Context, panel: Panel) -> SafeString:
    page: dict[str, Any] = {str(key): value for key, value in context.flatten().items()}
    return render_to_string(
        panel.template, {**page, **panel.context}, request=context.get("request")
    )
