"""The served OpenAPI document tells the truth: one name per schema, and list answers that
match the schema it gives for them."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from jsonschema import Draft202012Validator

from dragoman.assignments.services import offer_create
from dragoman.board import services as board
from dragoman.board.tests.factories import make_entry, make_outsourcer
from dragoman.catalog.models import Language, Service, Topic
from dragoman.config.tests.conftest import dragoman_models, filled, operations, resolve
from dragoman.conversations.services import admin_invite
from dragoman.conversations.services.proposals import proposal_send
from dragoman.conversations.services.tags import tag_create
from dragoman.conversations.tests.factories import market_chat
from dragoman.linguists.services import linguist_profile_update
from dragoman.linguists.tests.factories import make_linguist
from dragoman.notifications.services import notify
from dragoman.orders.services import order_create, order_file_add, quote_answer, quote_send

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_every_schema_of_the_api_has_a_name_of_its_own():
    modules: dict[str, set[str]] = defaultdict(set)
    for schema in dragoman_models():
        modules[schema.__name__].add(f"{schema.__module__}.{schema.__qualname__}")
    assert {name: where for name, where in modules.items() if len(where) > 1} == {}


def test_the_served_openapi_describes_each_schema_by_its_own_fields(openapi):
    components = openapi["components"]["schemas"]
    wrong = []
    for schema in dragoman_models():
        component = components.get(schema.__name__)
        if component is None or "properties" not in component:
            continue
        fields = {field.alias or name for name, field in schema.model_fields.items()}
        if set(component["properties"]) != fields:
            wrong.append(f"{schema.__module__}.{schema.__name__}")
    assert wrong == [], "\n".join(wrong)


def test_the_assignment_queue_is_described_by_its_own_items(openapi):
    answer = openapi["paths"]["/api/v1/assignments/queue"]["get"]["responses"]["200"]
    page = resolve(openapi, answer["content"]["application/json"]["schema"])
    item = resolve(openapi, page["properties"]["items"]["items"])
    assert {"organisation_id", "source_language", "candidates"} <= set(item["properties"])


# --- List answers against the document ----------------------------------------------------


@pytest.fixture
def filled_world(world, settings, tmp_path):  # type: ignore[no-untyped-def]
    """The world with something in every list the API answers."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    world.requester.memberships.get().allowed_services.set(Service.objects.all())
    lang = {code: Language.objects.get(code=code) for code in ("de", "en", "ru")}
    interpreter = make_linguist(pairs=(("de", "en"),), full_name="Dieter Dolmetscher")

    def accepted_order(title: str, days: int):  # type: ignore[no-untyped-def]
        order = order_create(
            by=world.requester,
            title=title,
            service=Service.objects.get(code="consecutive"),
            source_language=lang["de"],
            target_language=lang["en"],
            topic=Topic.objects.get(name="Law and contracts"),
            starts_at=timezone.now() + timedelta(days=days),
            duration_minutes=60,
            submit=True,
        )
        lines = [{"description": "Interpreting", "quantity": 2, "unit": "hour", "unit_price": 90}]
        quote_answer(
            quote=quote_send(order=order, by=world.staff, lines=lines),
            by=world.requester,
            accept=True,
        )
        return order

    waiting = accepted_order("Supplier call", days=3)
    offered = accepted_order("Board meeting", days=10)
    order_file_add(
        order=offered,
        by=world.requester,
        upload=SimpleUploadedFile("agenda.pdf", PDF),
        kind="reference",
    )
    offer_create(order=offered, linguist=interpreter, by=world.staff)
    notify(recipients=[world.staff], kind="order_submitted", title="A new request")

    outsourcer = make_outsourcer("Acme Client Ltd", country="GB", city="London")
    board.affiliation_add(by=world.staff, outsourcer=outsourcer, organisation=world.client)
    board.outsourcer_update(by=world.staff, outsourcer=outsourcer, city="Leeds")
    make_entry(outsourcer, rating=4)
    board.application_settings_set(
        by=world.manager,
        outsourcer=outsourcer,
        accepting=True,
        pairs=[(lang["en"], lang["ru"])],
        native_languages=[lang["ru"]],
    )
    applicant = make_linguist(email="applicant@example.test")
    linguist_profile_update(by=applicant.user, profile=applicant, native_languages=[lang["ru"]])
    linguist_profile_update(
        by=world.linguist, profile=world.linguist.linguist_profile, native_languages=[lang["ru"]]
    )
    board.application_send(by=applicant.user, outsourcer=outsourcer)

    unpaid = make_outsourcer("Slow Payers")
    entry = board.entry_create(by=world.linguist, outsourcer=unpaid, rating=1, work_confirmed=True)
    board.entry_approve(by=world.staff, entry=entry)
    board.nonpayment_report_create(
        by=world.linguist,
        entry=entry,
        amount="1200.50",
        currency="EUR",
        due_date=date.today() - timedelta(days=30),
        invoice_reference="INV-7",
    )
    board.outsourcer_create(by=world.linguist, name="Waiting For Vetting")
    board.saved_search_save(by=world.staff, name="London", city="London")

    chat = market_chat(world)
    proposal_send(
        conversation=chat,
        by=world.partner_manager,
        scope="Patent claims",
        price="300",
        currency="EUR",
        deadline=timezone.now() + timedelta(days=4),
        service=Service.objects.get(code="translation"),
        source_language=lang["en"],
        target_language=lang["ru"],
    )
    admin_invite(conversation=chat, by=world.manager, reason="A question about the price")
    tag_create(by=world.partner_manager, name="Patents")
    return {
        "world": world,
        "ids": {
            "order_id": offered.pk,
            "organisation_id": world.client.pk,
            "outsourcer_id": outsourcer.pk,
            "conversation_id": chat.pk,
        },
        # Operations that need another reader or another object to have something to list.
        "special": {
            "/orders/{order_id}/suggestions": (world.staff, {"order_id": waiting.pk}),
            "/board/applications/targets": (world.linguist, {}),
            "/tags": (world.partner_manager, {}),
        },
    }


def list_schema(openapi: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any] | None:
    """The 200 answer's schema when it is a list or a page of items, else None."""
    answer = operation["responses"].get("200", {}).get("content", {}).get("application/json")
    if not answer:
        return None
    schema = resolve(openapi, answer["schema"])
    if schema.get("type") == "array":
        return answer["schema"]
    items = schema.get("properties", {}).get("items", {})
    if items.get("type") == "array":
        return answer["schema"]
    return None


def items_of(body: Any) -> list[Any]:
    return body if isinstance(body, list) else body["items"]


def test_every_list_answer_matches_the_served_openapi(filled_world, openapi, call):
    checked, problems = [], []
    for path, method, operation in operations(openapi):
        schema = list_schema(openapi, operation) if method == "get" else None
        if schema is None:
            continue
        user, ids = filled_world["special"].get(
            path, (filled_world["world"].staff, filled_world["ids"])
        )
        url = filled(path, operation, ids)
        response = call(user, "get", url)
        checked.append(path)
        if response.status_code != 200:
            problems.append(f"GET {url}: {response.status_code} {response.content[:200]!r}")
            continue
        body = response.json()
        if not items_of(body):
            problems.append(f"GET {url}: nothing listed, so nothing checked")
        validator = Draft202012Validator({**openapi, **schema})
        for error in validator.iter_errors(body):
            where = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"GET {url} at {where or '(top)'}: {error.message[:200]}")
    assert len(checked) >= 20
    assert problems == [], "\n".join(problems)


# --- Error answers ------------------------------------------------------------------------


def test_every_operation_declares_its_error_answers_with_the_error_schema(openapi):
    error = {"$ref": "#/components/schemas/ErrorOut"}
    missing = []
    for path, method, operation in operations(openapi):
        expected = {"403", "404", "422"}
        if operation.get("security"):
            expected.add("401")
        if method != "get":
            expected |= {"400", "409"}
        for status in sorted(expected):
            answer = operation["responses"].get(status, {})
            if answer.get("content", {}).get("application/json", {}).get("schema") != error:
                missing.append(f"{method.upper()} {path}: {status}")
    assert missing == [], "\n".join(missing)


def test_only_the_token_exchange_is_open_to_anonymous_callers(openapi):
    open_to_all = [
        f"{method.upper()} {path}"
        for path, method, operation in operations(openapi)
        if not operation.get("security")
    ]
    assert open_to_all == ["POST /auth/token"]
