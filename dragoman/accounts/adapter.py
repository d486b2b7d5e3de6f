from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from dragoman.accounts import hooks


class AccountAdapter(DefaultAccountAdapter):
    """django-allauth, fitted to Dragoman: links in e-mails point to SITE_URL."""

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return "/"

    def confirm_email(self, request: HttpRequest, email_address: Any) -> bool:
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            hooks.run("email_confirmed", user=email_address.user)
        return confirmed

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context.setdefault("site_url", settings.SITE_URL)
        super().send_mail(template_prefix, email, context)
