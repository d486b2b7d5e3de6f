"""The conversations API, from every role's side: who reads, who writes, what is refused."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dragoman.accounts.tests.factories import api
from dragoman.catalog.models import Language, Service
from dragoman.conversations.models import Message
from dragoman.conversations.services import message_send
from dragoman.conversations.tests.factories import market_chat, translation_chat

pytestmark = pytest.mark.django_db

# role -> (may read, may write) in a request's conversation
ORDER_CHAT_RIGHTS = {
    "requester": (True, True),
    "manager": (True, True),
    "observer": (True, False),
    "partner_manager": (True, False),
    "linguist": (True, True),
    "staff": (True, False),  # until they join
    "other_manager": (False, False),
}


@pytest.mark.parametrize("role", ORDER_CHAT_RIGHTS)
def test_every_role_reads_and_writes_a_request_conversation_by_the_rules(
    world, allowed, client, role
):
    chat = translation_chat(world)
    user = world.user(role)
    may_read, may_write = ORDER_CHAT_RIGHTS[role]
    detail = api(client, user, "get", f"/conversations/{chat.pk}")
    messages = api(client, user, "get", f"/conversations/{chat.pk}/messages")
    listed = api(client, user, "get", "/conversations").json()["items"]
    sent = api(client, user, "post", f"/conversations/{chat.pk}/messages", {"body": f"I am {role}"})
    if not may_read:
        assert detail.status_code == 404 and messages.status_code == 404
        assert chat.pk not in [c["id"] for c in listed]
        assert sent.status_code == 404
        return
    assert detail.status_code == 200 and messages.status_code == 200
    assert chat.pk in [c["id"] for c in listed]
    assert detail.json()["you"]["can_write"] is may_write
    if may_write:
        assert sent.status_code == 201, sent.content
        assert sent.json()["seq"] == 2
    else:
        assert sent.status_code == 403
        assert sent.json()["code"] == "read_only"
        assert not Message.objects.filter(body=f"I am {role}").exists()


def test_a_retry_with_the_same_client_id_answers_200_with_the_original(world, allowed, client):
    chat = translation_chat(world)
    path = f"/conversations/{chat.pk}/messages"
    first = api(client, world.requester, "post", path, {"body": "Hi", "client_id": "tab1-0001"})
    again = api(client, world.requester, "post", path, {"body": "Hi", "client_id": "tab1-0001"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and first.json()["seq"] == again.json()["seq"]
    assert chat.messages.filter(client_id="tab1-0001").count() == 1


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"body": ""}, 422, "empty_message"),
        ({"body": "  \n "}, 422, "empty_message"),
        ({"body": "x" * 10_001}, 422, "message_too_long"),
        ({"body": "ok", "client_id": "has spaces"}, 422, "bad_client_id"),
        ({"text": "wrong field"}, 422, None),
        ([1, 2], 422, None),
    ],
)
def test_bad_messages_get_a_clear_error_and_nothing_is_stored(
    world, allowed, client, payload, status, code
):
    chat = translation_chat(world)
    answer = api(client, world.requester, "post", f"/conversations/{chat.pk}/messages", payload)
    assert answer.status_code == status, answer.content
    assert answer.json()["message"]
    if code:
        assert answer.json()["code"] == code
    assert chat.messages.count() == 1


def test_unknown_conversations_are_not_found(world, allowed, client):
    for path in ("/conversations/999999", "/conversations/999999/messages"):
        assert api(client, world.requester, "get", path).status_code == 404
    answer = api(client, world.requester, "post", "/conversations/999999/messages", {"body": "x"})
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"


def test_flooding_gets_429(world, allowed, client):
    chat = translation_chat(world)
    for n in range(30):
        message_send(conversation=chat, by=world.requester, body=f"m{n}")
    answer = api(
        client, world.requester, "post", f"/conversations/{chat.pk}/messages", {"body": "more"}
    )
    assert answer.status_code == 429 and answer.json()["code"] == "rate_limited"


def test_messages_after_a_seq_are_exactly_the_rest_in_order(world, allowed, client):
    chat = translation_chat(world)
    for n in range(10):
        message_send(conversation=chat, by=world.linguist, body=f"m{n}")
    page = api(client, world.requester, "get", f"/conversations/{chat.pk}/messages?after=4&limit=3")
    body = page.json()
    assert [m["seq"] for m in body["items"]] == [5, 6, 7]
    assert body["more"] is True and body["last_seq"] == 7
    rest = api(client, world.requester, "get", f"/conversations/{chat.pk}/messages?after=7").json()
    assert [m["seq"] for m in rest["items"]] == [8, 9, 10, 11] and rest["more"] is False


def test_reading_updates_the_unread_counts(world, allowed, client):
    chat = translation_chat(world)
    for n in range(3):
        message_send(conversation=chat, by=world.linguist, body=f"m{n}")
    listed = api(client, world.requester, "get", "/conversations").json()
    assert listed["unread_total"] == 4  # the opening line and three messages
    answer = api(client, world.requester, "post", f"/conversations/{chat.pk}/read", {"seq": 2})
    assert answer.json() == {"unread": 2, "unread_total": 2}
    only_unread = api(client, world.requester, "get", "/conversations?unread=true").json()
    assert [c["id"] for c in only_unread["items"]] == [chat.pk]
    api(client, world.requester, "post", f"/conversations/{chat.pk}/read", {})
    assert api(client, world.requester, "get", "/conversations?unread=true").json()["items"] == []


def test_the_list_costs_the_same_queries_for_2_or_10_conversations(
    world, allowed, client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert api(client, world.partner_manager, "get", "/conversations").status_code == 200
        return len(captured)

    for _ in range(2):
        market_chat(world)
    few = count()
    for _ in range(8):
        market_chat(world)
    assert count() == few


def test_the_client_side_never_reads_the_linguists_name_or_contacts(world, allowed, client):
    chat = translation_chat(world)
    message_send(
        conversation=chat,
        by=world.linguist,
        body="I am Lena Secretname, mail me at lena.secret@example.com or +358 40 123 4567",
    )
    for role in ("requester", "manager", "observer", "partner_manager"):
        text = api(client, world.user(role), "get", f"/conversations/{chat.pk}/messages").text
        text += api(client, world.user(role), "get", f"/conversations/{chat.pk}").text
        for secret in ("Lena Secretname", "lena.secret@example.com", "123 4567", "Secretname"):
            assert secret not in text, (role, secret)
        assert world.linguist.linguist_profile.pseudonym in text
    staff = api(client, world.staff, "get", f"/conversations/{chat.pk}/messages").text
    assert "lena.secret@example.com" in staff


def test_an_administrator_is_invited_and_joins(world, allowed, client):
    chat = translation_chat(world)
    invited = api(
        client, world.linguist, "post", f"/conversations/{chat.pk}/invite-admin", {"reason": "Help"}
    )
    assert invited.status_code == 201
    twice = api(client, world.requester, "post", f"/conversations/{chat.pk}/invite-admin", {})
    assert twice.status_code == 409
    queue = api(client, world.staff, "get", "/conversations/invitations").json()
    assert [i["conversation_id"] for i in queue] == [chat.pk]
    assert api(client, world.requester, "get", "/conversations/invitations").status_code == 403
    assert api(client, world.requester, "post", f"/conversations/{chat.pk}/join").status_code == 403
    assert api(client, world.staff, "post", f"/conversations/{chat.pk}/join").status_code == 201
    assert api(client, world.staff, "get", "/conversations/invitations").json() == []
    joined = chat.messages.filter(event="admin_joined").get()
    assert joined.data["name"] == "Stefan Staffordshire"
    sent = api(client, world.staff, "post", f"/conversations/{chat.pk}/messages", {"body": "Hi"})
    assert sent.status_code == 201 and sent.json()["side"] == "staff"


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_a_photo_is_sent_with_a_thumbnail_and_a_program_is_refused(world, allowed, client, media):
    from dragoman.accounts.services import api_token_create

    chat = translation_chat(world)
    _, secret = api_token_create(user=world.requester, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    path = f"/api/v1/conversations/{chat.pk}/attachments"
    sent = client.post(
        path,
        {"file": SimpleUploadedFile("venue.png", _png()), "body": "The venue", "client_id": "up-1"},
        **auth,
    )
    assert sent.status_code == 201, sent.content
    message = sent.json()
    assert message["attachment"]["is_image"] and message["attachment"]["thumbnail_url"]
    thumb = client.get(message["attachment"]["thumbnail_url"])  # a page URL: log in
    client.force_login(world.linguist)
    thumb = client.get(message["attachment"]["thumbnail_url"])
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    program = client.post(
        path, {"file": SimpleUploadedFile("setup.pdf", b"MZ\x90\x00" + b"\x00" * 100)}, **auth
    )
    assert program.status_code == 422 and program.json()["fields"]["file"]
    assert chat.attachments.count() == 1
    client.force_login(world.other_manager)
    assert client.get(message["attachment"]["url"]).status_code == 404


def test_the_marketplace_over_the_api(world, allowed, client):
    provider = api(
        client,
        world.partner_manager,
        "put",
        "/providers/me",
        {
            "display_name": "Partner Agency Translations",
            "headline": "Patents",
            "service_ids": [Service.objects.get(code="translation").pk],
            "language_ids": [Language.objects.get(code="en").pk],
        },
    )
    assert provider.status_code == 200, provider.content
    provider_id = provider.json()["id"]
    directory = api(client, world.requester, "get", "/providers?q=patents").json()
    assert [p["id"] for p in directory] == [provider_id]
    refused = api(
        client,
        world.partner_manager,
        "post",
        f"/providers/{provider_id}/conversations",
        {"subject": "Hi", "body": "Buy from us"},
    )
    assert refused.status_code == 403
    started = api(
        client,
        world.requester,
        "post",
        f"/providers/{provider_id}/conversations",
        {"subject": "Claims", "body": "Can you translate 12 pages?"},
    )
    assert started.status_code == 201, started.content
    chat_id = started.json()["id"]
    proposal = api(
        client,
        world.partner_manager,
        "post",
        f"/conversations/{chat_id}/proposals",
        {
            "scope": "12 pages of claims",
            "price": "480.00",
            "currency": "EUR",
            "deadline": (timezone.now() + timedelta(days=4)).isoformat(),
            "service_id": Service.objects.get(code="translation").pk,
            "source_language_id": Language.objects.get(code="en").pk,
            "target_language_id": Language.objects.get(code="ru").pk,
        },
    )
    assert proposal.status_code == 201, proposal.content
    proposal_id = proposal.json()["id"]
    base = f"/conversations/{chat_id}/proposals/{proposal_id}"
    assert api(client, world.partner_manager, "post", f"{base}/accept").status_code == 403
    accepted = api(client, world.requester, "post", f"{base}/accept")
    assert accepted.status_code == 200 and accepted.json()["order"]
    order = api(client, world.requester, "get", f"/orders/{accepted.json()['order']}").json()
    assert order["status"] == "accepted"
    tag = api(client, world.partner_manager, "post", "/tags", {"name": "Patents"}).json()
    put = api(client, world.partner_manager, "put", f"/conversations/{chat_id}/tags/{tag['id']}")
    assert put.status_code == 204
    tagged = api(client, world.partner_manager, "get", f"/conversations?tag={tag['id']}").json()
    assert [c["tags"] for c in tagged["items"]] == [[{"id": tag["id"], "name": "Patents"}]]
    assert (
        api(client, world.requester, "get", f"/conversations?tag={tag['id']}").json()["items"] == []
    )
    block = api(
        client, world.partner_manager, "post", f"/conversations/{chat_id}/block", {"confirm": True}
    )
    assert block.status_code == 200 and block.json()["status"] == "blocked"
    blocked = api(
        client, world.requester, "post", f"/conversations/{chat_id}/messages", {"body": "?"}
    )
    assert blocked.status_code == 403 and blocked.json()["code"] == "blocked"
