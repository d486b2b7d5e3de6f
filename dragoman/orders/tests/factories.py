"""Orders in the states file tests need, and sample files good and bad."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dragoman.catalog.models import Language, Service, Topic
from dragoman.orders.models import Order
from dragoman.orders.services import order_create

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
TEXT = "Договор поставки\nSupply contract\n".encode()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zip_bytes(
    {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
        "_rels/.rels": b"<Relationships/>",
        "word/document.xml": b"<w:document/>",
    }
)
PLAIN_ZIP = zip_bytes({"notes.txt": b"hello"})


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def make_order(world, *, service: str = "translation", by=None) -> Order:  # type: ignore[no-untyped-def]
    """A submitted request of the world's requester: a translation, or an event."""
    now = timezone.now()
    kind = {"deadline": now + timedelta(days=7)}
    if service != "translation":
        kind = {"starts_at": now + timedelta(days=3), "duration_minutes": 60}
    return order_create(
        by=by or world.requester,
        title="Supply contract",
        service=Service.objects.get(code=service),
        source_language=Language.objects.get(code="en"),
        target_language=Language.objects.get(code="ru"),
        topic=Topic.objects.get(name="Law and contracts"),
        submit=True,
        **kind,
    )


def move(order: Order, status: str, *, linguist=None) -> Order:  # type: ignore[no-untyped-def]
    """Put an order in a state directly (the state machine is tested elsewhere)."""
    fields = {"status": status}
    if linguist is not None:
        fields["linguist"] = linguist.linguist_profile
    Order.objects.filter(pk=order.pk).update(**fields)
    order.refresh_from_db()
    return order


def in_progress(world, *, service: str = "translation") -> Order:  # type: ignore[no-untyped-def]
    """A request the world's linguist accepted and is working on."""
    return move(make_order(world, service=service), "in_progress", linguist=world.linguist)


def make_event_order(world, by=None, submit=True):  # type: ignore[no-untyped-def]
    """A consecutive-interpreting event in three days (de→en), submitted unless told."""
    return order_create(
        by=by or world.requester,
        title="Supplier call",
        service=Service.objects.get(code="consecutive"),
        source_language=Language.objects.get(code="de"),
        target_language=Language.objects.get(code="en"),
        topic=Topic.objects.get(name="Law and contracts"),
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=60,
        submit=submit,
    )


def order_form_data(**overrides):  # type: ignore[no-untyped-def]
    """What the request form posts for a simultaneous-interpreting event (de→en)."""
    start = timezone.now() + timedelta(days=10)
    data = {
        "title": "Shareholder meeting",
        "service": Service.objects.get(code="simultaneous").pk,
        "source_language": Language.objects.get(code="de").pk,
        "target_language": Language.objects.get(code="en").pk,
        "topic": Topic.objects.get(name="Finance and banking").pk,
        "starts_at": start.strftime("%Y-%m-%dT10:00"),
        "duration_minutes": "90",
        "time_zone": "Europe/Berlin",
        "meeting_platform": "teams",
        "meeting_link": "https://teams.example/meet/1",
        "notes": "Two speakers",
        "submit": "1",
    }
    data.update(overrides)
    return data
