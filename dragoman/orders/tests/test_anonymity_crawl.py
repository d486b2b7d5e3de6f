"""Anonymity: everything a client-side user sees names the linguist only by pseudonym.

PRODUCT.md §2 and the PIE seed: "the linguist stays anonymous to the client (a stable
pseudonym; no name, e-mail, phone)". This test walks two full requests (an event and a
translation with files, progress, a declined offer, quotes, delivery and completion), then,
as each client-side user, crawls every page reachable by following links from the dashboard
and reads every API response about those requests, and every e-mail sent to them. The
linguist's name, e-mail address and phone number must appear nowhere; the pseudonym must.
"""

from __future__ import annotations

import re
from collections import deque
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dragoman.accounts.services import api_token_create
from dragoman.catalog.models import Language, Service, Topic
from dragoman.orders import services
from dragoman.orders.models import Order

pytestmark = pytest.mark.django_db

CLIENT_SIDE = ("requester", "manager", "observer", "partner_manager")
# Pages a crawl must not follow: they change state on GET or are not Dragoman's pages.
SKIP = re.compile(r"^/(accounts/logout|static/|media/|api/v1/docs|admin/|i18n/|calendar/)")
MAX_PAGES = 300


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def _secrets(world) -> list[str]:
    person = world.linguist
    digits = re.sub(r"\D", "", str(person.phone or ""))
    found = [person.full_name, person.email, *person.full_name.split()]
    if digits:
        found += [digits, digits[-9:]]
    return [s for s in found if len(s) >= 4]


def _pdf(name: str) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _full_requests(world) -> list[Order]:
    """An event and a translation taken from request to completion, with everything the
    linguist can leave behind: an answer to an offer, files, progress, delivery."""
    from dragoman.assignments.services import offer_accept, offer_create, offer_decline

    languages = {lang.code: lang for lang in Language.objects.all()}
    topic = Topic.objects.filter(is_active=True).first()
    linguist = world.linguist.linguist_profile
    made = []
    for code in ("consecutive", "translation"):
        service = Service.objects.get(code=code)
        linguist.services.add(service)
        event = code != "translation"
        order = services.order_create(
            by=world.requester,
            title=f"Anonymity {code}",
            service=service,
            source_language=languages["en"],
            target_language=languages["ru"],
            topic=topic,
            starts_at=timezone.now() + timedelta(days=5 + len(made)) if event else None,
            duration_minutes=60 if event else None,
            deadline=None if event else timezone.now() + timedelta(days=9),
            submit=True,
        )
        if not event:
            services.order_file_add(
                order=order, by=world.requester, upload=_pdf("source.pdf"), kind="source"
            )
        quote = services.quote_send(
            order=order,
            by=world.staff,
            lines=[{"description": "Work", "quantity": "2", "unit": "hour", "unit_price": "80"}],
        )
        services.quote_answer(quote=quote, by=world.requester, accept=True)
        first = offer_create(order=order, linguist=linguist, by=world.staff)
        offer_decline(offer=first, by=world.linguist, reason="Let me check my calendar")
        second = offer_create(
            order=Order.objects.get(pk=order.pk), linguist=linguist, by=world.staff
        )
        offer_accept(offer=second, by=world.linguist)
        order.refresh_from_db()
        _talk(world, order)
        if not event:
            services.order_progress_set(order=order, by=world.linguist, percent=60, note="Half")
            services.order_file_add(
                order=order, by=world.linguist, upload=_pdf("translated.pdf"), kind="deliverable"
            )
        services.order_transition(order=order, by=world.linguist, action="deliver")
        order.refresh_from_db()
        if event:
            services.order_transition(order=order, by=world.requester, action="complete")
        made.append(order)
    return made


def _talk(world, order: Order) -> None:
    """The linguist gives themself away in the request's conversation: their name, e-mail
    address, phone number and a messenger handle, in text and in a file's name; the client
    answers. (Conversations are an app built on orders: imported here, not at the top.)"""
    from django.conf import settings as django_settings

    from dragoman.conversations.models import Conversation
    from dragoman.conversations.services import message_send
    from dragoman.conversations.services.attachments import attachment_send

    chat = Conversation.objects.get(order=order)
    if chat.opens_at is not None:
        # An event's chat opens shortly before it; the crawl reads it as it will be then.
        Conversation.objects.filter(pk=chat.pk).update(opens_at=None)
        chat.opens_at = None
    person = world.linguist
    message_send(
        conversation=chat,
        by=world.linguist,
        body=(
            f"Hello, I am {person.full_name}. Write to {person.email} or call "
            f"{person.phone}, or Telegram @lena_secret_tg."
        ),
    )
    message_send(conversation=chat, by=world.requester, body="Thank you, see you there.")
    if getattr(django_settings, "MEDIA_ROOT", None):
        attachment_send(
            conversation=chat,
            by=world.linguist,
            upload=_pdf("glossary_lena_secretname.pdf"),
            body="My glossary",
        )


def _crawl(client, start: list[str]) -> dict[str, str]:
    """Every page reachable from ``start`` by links on Dragoman's own pages: path -> text
    (for downloads, the headers; the bytes are the client's own files or the deliverable)."""
    seen: dict[str, str] = {}
    queue = deque(start)
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen or SKIP.match(path):
            continue
        response = client.get(path)
        kind = response.get("Content-Type", "")
        if response.status_code in (301, 302):
            location = urljoin(path, response["Location"])
            seen[path] = ""
            if urlsplit(location).netloc == "":
                queue.append(location)
            continue
        if "text/html" not in kind:
            seen[path] = " ".join(f"{k}: {v}" for k, v in response.headers.items())
            if "json" in kind or "text/" in kind:
                seen[path] += b"".join(response).decode() if response.streaming else ""
            continue
        html = response.content.decode()
        seen[path] = html
        parser = _Links()
        parser.feed(html)
        for href in parser.links:
            target = urljoin(path, href.split("#")[0])
            parts = urlsplit(target)
            if parts.scheme in ("", "http") and parts.netloc in ("", "testserver"):
                link = parts.path + (f"?{parts.query}" if parts.query else "")
                if link not in seen:
                    queue.append(link)
    return seen


def _api_paths(order_ids: list[int]) -> list[str]:
    from dragoman.orders.models import OrderFile

    paths = [
        "/api/v1/me",
        "/api/v1/orders",
        "/api/v1/orders/statistics/summary",
        "/api/v1/notifications",
        "/api/v1/notifications/preferences",
        "/api/v1/conversations",
    ]
    from dragoman.conversations.models import Conversation

    for chat in Conversation.objects.filter(order_id__in=order_ids):
        paths += [
            f"/api/v1/conversations/{chat.pk}",
            f"/api/v1/conversations/{chat.pk}/messages",
        ]
    for order_id in order_ids:
        paths += [
            f"/api/v1/orders/{order_id}",
            f"/api/v1/orders/{order_id}/quotes",
            f"/api/v1/orders/{order_id}/offers",
            f"/api/v1/orders/{order_id}/files",
        ]
        paths += [
            f"/api/v1/orders/{order_id}/files/{file_id}"
            for file_id in OrderFile.objects.filter(order_id=order_id).values_list("pk", flat=True)
        ]
    return paths


def test_no_client_side_page_api_answer_or_e_mail_names_the_linguist(
    world, allowed, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        orders = _full_requests(world)
    # The conversations' hourly digest of unread messages goes out too (an hour later).
    from dragoman.conversations.services.email import digests_due

    assert digests_due(now=timezone.now() + timedelta(hours=1))
    pseudonym = world.linguist.linguist_profile.pseudonym
    secrets = _secrets(world)
    client_emails = set()

    for role in CLIENT_SIDE:
        viewer = world.user(role)
        client_emails.add(viewer.email)
        client.force_login(viewer)
        pages = _crawl(
            client,
            [
                "/",
                "/requests/",
                "/conversations/",
                *[f"/requests/{o.pk}/" for o in orders],
                *[f"/conversations/{o.conversation.pk}/" for o in orders],
            ],
        )
        assert len(pages) >= 5, (role, list(pages))
        for path, text in pages.items():
            for secret in secrets:
                assert secret not in text, f"{role} sees {secret!r} on {path}"
        detail = pages[f"/requests/{orders[1].pk}/"]
        assert pseudonym in detail, role
        chat = pages[f"/conversations/{orders[1].conversation.pk}/"]
        assert pseudonym in chat and "Thank you, see you there." in chat, role
        assert "glossary_" in chat, role
        # The file itself was downloaded by the crawl (its headers name it).
        assert any(path.startswith("/conversations/") and "/files/" in path for path in pages)

        client.logout()
        _, token = api_token_create(user=viewer, name="crawl")
        for path in _api_paths([o.pk for o in orders]):
            response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
            assert response.status_code == 200, (role, path, response.status_code)
            content = b"".join(response) if response.streaming else response.content
            headers = " ".join(f"{k}: {v}" for k, v in response.headers.items())
            body = headers + content.decode(errors="replace")
            for secret in secrets:
                assert secret not in body, f"{role} reads {secret!r} in {path}"
        files = client.get(
            f"/api/v1/orders/{orders[1].pk}/files", HTTP_AUTHORIZATION=f"Bearer {token}"
        ).json()
        assert pseudonym in str(files), role

    # Every e-mail a client-side person got about these requests.
    received = [m for m in mail.outbox if set(m.to) & client_emails]
    assert received, "the client side was told about the requests by e-mail"
    assert any("glossary_" in m.body for m in received), "the chat's digest is among them"
    for message in received:
        text = " ".join([message.subject, message.body, *(a[1] for a in message.alternatives)])
        for secret in secrets:
            assert secret not in text, f"an e-mail to {message.to} names {secret!r}"


def test_notes_and_decline_reasons_naming_the_linguist_reach_clients_by_pseudonym_only(
    world, allowed, client
):
    """Typed text is not trusted: a decline reason or a staff note that names the linguist
    reaches the client side (history on the page and in the API, offers in the API) with
    the pseudonym in its place, as notifications already do."""
    from dragoman.assignments.services import offer_create, offer_decline
    from dragoman.orders.tests.factories import make_order, move

    name = world.linguist.full_name
    pseudonym = world.linguist.linguist_profile.pseudonym
    order = move(make_order(world), "accepted")
    offer = offer_create(order=order, linguist=world.linguist.linguist_profile, by=world.staff)
    offer_decline(offer=offer, by=world.linguist, reason=f"{name} is on holiday")
    order.refresh_from_db()
    services.order_transition(
        order=order, by=world.staff, action="cancel", note=f"Nobody but {name.upper()} fits."
    )
    client.force_login(world.manager)
    page = client.get(f"/requests/{order.pk}/").content.decode()
    api = client.get(f"/api/v1/orders/{order.pk}").content.decode()
    offers = client.get(f"/api/v1/orders/{order.pk}/offers").content.decode()
    for text in (page, api, offers):
        assert name not in text and name.upper() not in text
        assert f"{pseudonym} is on holiday" in text
    assert f"Nobody but {pseudonym} fits." in page

    client.force_login(world.staff)
    assert f"{name} is on holiday" in client.get(f"/requests/{order.pk}/").content.decode()
