from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from dragoman.accounts.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name")
    phone = "+442079460958"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def api(client, user, method, path, payload=None):  # type: ignore[no-untyped-def]
    """Call the REST API as ``user`` (with a fresh API token; anonymous for None). ``path`` is
    the API's own (``/orders``) or the full address (``/api/v1/orders``)."""
    from dragoman.accounts.services import api_token_create

    headers = {}
    if user is not None:
        _, secret = api_token_create(user=user, name="t")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    address = path if path.startswith("/api/") else f"/api/v1{path}"
    return getattr(client, method)(
        address, data=payload, content_type="application/json", **headers
    )


def totp_code(secret: str) -> str:
    """The current code of a TOTP authenticator's secret, as an app would show it."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
