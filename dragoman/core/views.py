from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from dragoman.core import panels
from dragoman.core.errors import DomainError
from dragoman.core.permissions import actor_for


def apply_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's error on the form: per field where it names fields, else on top."""
    placed = False
    for field, messages in (error.fields or {}).items():
        if field in form.fields:
            for message in messages:
                form.add_error(field, message)
            placed = True
    if not placed or error.message not in str(form.errors):
        form.add_error(None, error.message)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """One dashboard page whose template follows the person's role; the apps give its data
    (``panels.register_context("dashboard", …)`` in their AppConfig.ready)."""
    actor = actor_for(request.user)
    if actor.is_staff:
        template = "core/dashboard_staff.html"
    elif actor.in_partner:
        template = "core/dashboard_partner.html"
    elif actor.in_client:
        template = f"core/dashboard_client_{actor.role}.html"
    elif actor.is_linguist:
        template = "core/dashboard_linguist.html"
    else:
        template = "core/dashboard_pending.html"
    context: dict[str, Any] = {
        # Two-factor log-in is recommended to staff and managers.
        "suggest_mfa": actor.is_staff or actor.is_manager,
        **panels.context("dashboard", request=request, user=request.user, actor=actor),
    }
    return render(request, template, context)


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return dashboard(request)
    return render(request, "core/home.html")


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico where a page names no icon (JSON, files, the API docs).

    A temporary redirect, not a permanent one: the static file's name carries a hash of its
    content in production, and a browser must not keep an address that a new icon retires.
    """
    return HttpResponseRedirect(static("dragoman/favicon.svg"))
