from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import File, Form, Query, Schema, Status, UploadedFile
from pydantic import Field, StrictBool, StrictInt

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.catalog.models import Language, Service, Topic
from dragoman.core.api import ApiRouter, InputSchema
from dragoman.core.errors import NotFound, ValidationFailed
from dragoman.core.permissions import actor_for
from dragoman.orders import selectors, services
from dragoman.orders.enums import FileKind, MeetingPlatform, OrderStatus, QuoteStatus, QuoteUnit
from dragoman.orders.models import Order, OrderFile, Quote

router = ApiRouter(tags=["orders"])
ORDERS_PER_PAGE = 50


class EventOut(Schema):
    created_at: datetime
    action: str
    from_status: str
    to_status: str
    note: str
    by: str
    label: str = Field(description="What happened, in the reader's language")


class OrderOut(Schema):
    id: int
    title: str
    status: OrderStatus
    status_label: str
    organisation_id: int
    requester_id: int
    requester_name: str
    service: str
    source_language: str
    target_language: str
    topic_id: int
    topic: str
    starts_at: datetime | None
    duration_minutes: int | None
    time_zone: str
    deadline: datetime | None
    meeting_platform: str
    meeting_link: str
    technical_support: bool
    notes: str
    created_at: datetime
    linguist: str | None = Field(description="The assigned linguist's pseudonym")
    progress_percent: int | None = Field(description="Set by the linguist, 0–100")
    progress_note: str
    actions: list[str] = Field(description="Actions the caller may take now")


class OrderPageOut(Schema):
    items: list[OrderOut]
    count: int


def _order_out(order: Order, actor) -> dict:
    return {
        "id": order.pk,
        "title": order.title,
        "status": order.status,
        "status_label": order.status_label,
        "organisation_id": order.organisation_id,
        "requester_id": order.requester_id,
        "requester_name": order.requester.full_name,
        "service": order.service.code,
        "source_language": order.source_language.code,
        "target_language": order.target_language.code,
        "topic_id": order.topic_id,
        "topic": order.topic.display_name(),
        "starts_at": order.starts_at,
        "duration_minutes": order.duration_minutes,
        "time_zone": order.time_zone,
        "deadline": order.deadline,
        "meeting_platform": order.meeting_platform,
        "meeting_link": order.meeting_link,
        "technical_support": order.technical_support,
        "notes": order.notes,
        "created_at": order.created_at,
        "linguist": order.linguist.pseudonym if order.linguist else None,
        "progress_percent": order.progress_percent,
        "progress_note": order.progress_note,
        "actions": selectors.order_actions(order=order, actor=actor),
    }


class OrderDetailOut(OrderOut):
    history: list[EventOut]


class OrderIn(InputSchema):
    title: str = Field("", max_length=200)
    service: str
    source_language: str
    target_language: str
    topic_id: StrictInt
    starts_at: datetime | None = None
    duration_minutes: StrictInt | None = Field(None, ge=1, le=24 * 60)
    time_zone: str | None = None
    deadline: datetime | None = None
    meeting_platform: MeetingPlatform | None = None
    meeting_link: str = Field("", max_length=500)
    technical_support: StrictBool = False
    notes: str = Field("", max_length=5000)
    submit: StrictBool = Field(False, description="Submit at once instead of keeping a draft")


class OrderPatch(InputSchema):
    title: str | None = Field(None, max_length=200)
    service: str | None = None
    source_language: str | None = None
    target_language: str | None = None
    topic_id: StrictInt | None = None
    starts_at: datetime | None = None
    duration_minutes: StrictInt | None = Field(None, ge=1, le=24 * 60)
    time_zone: str | None = None
    deadline: datetime | None = None
    meeting_platform: MeetingPlatform | None = None
    meeting_link: str | None = Field(None, max_length=500)
    technical_support: StrictBool | None = None
    notes: str | None = Field(None, max_length=5000)


class TransitionIn(InputSchema):
    action: str = Field(description="One of: " + ", ".join(selectors.PLAIN_ACTIONS))
    note: str = Field("", max_length=2000)


class OrderFilters(Schema):
    status: OrderStatus | None = None
    service: str | None = None
    source: str | None = None
    target: str | None = None
    requester: int | None = None
    requester_name: str | None = Field(None, max_length=100)
    since: datetime | None = None
    until: datetime | None = None
    q: str | None = None


def _references(data: dict) -> dict:
    """Codes and ids of the payload, as the objects the services take (422 when unknown)."""
    found: dict = {}
    errors: dict[str, list[str]] = {}
    if data.get("service") is not None:
        found["service"] = Service.objects.filter(code=data.pop("service")).first()
        if found["service"] is None:
            errors["service"] = [_("Unknown service.")]
    for field in ("source_language", "target_language"):
        if data.get(field) is not None:
            found[field] = Language.objects.filter(code=data.pop(field)).first()
            if found[field] is None:
                errors[field] = [_("Unknown language code.")]
    if data.get("topic_id") is not None:
        found["topic"] = Topic.objects.filter(pk=data.pop("topic_id")).first()
        if found["topic"] is None:
            errors["topic_id"] = [_("Unknown topic.")]
    if errors:
        raise ValidationFailed(_("Some fields are not valid."), fields=errors)
    data.pop("topic_id", None)
    return {**data, **found}


def _detail_out(request: AuthedHttpRequest, order_id: int) -> dict:
    order = selectors.order_get_for_user(user=request.user, order_id=order_id)
    actor = actor_for(request.user)
    history = [
        {
            "created_at": entry["event"].created_at,
            "action": entry["event"].action,
            "from_status": entry["event"].from_status,
            "to_status": entry["event"].to_status,
            "note": entry["note"],
            "by": entry["by"],
            "label": entry["label"],
        }
        for entry in selectors.order_history_entries(order=order, actor=actor)
    ]
    return {**_order_out(order, actor), "history": history}


@router.get("", response=OrderPageOut, summary="Requests you may see, newest first, 50 a page")
def order_list(
    request: AuthedHttpRequest, filters: Query[OrderFilters], page: int = Query(1, ge=1)
):
    queryset = selectors.order_list(
        user=request.user,
        status=filters.status,
        service=filters.service,
        source=filters.source,
        target=filters.target,
        requester_id=filters.requester,
        requester_name=(filters.requester_name or "").strip() or None,
        since=filters.since,
        until=filters.until,
        search=filters.q,
    )
    actor = actor_for(request.user)
    items = queryset[(page - 1) * ORDERS_PER_PAGE : page * ORDERS_PER_PAGE]
    return {"items": [_order_out(o, actor) for o in items], "count": queryset.count()}


@router.post(
    "",
    response={201: OrderDetailOut},
    summary="Start a request (a draft, or submitted at once)",
)
def order_create(request: AuthedHttpRequest, payload: OrderIn):
    data = _references(payload.model_dump())
    data["meeting_platform"] = data.get("meeting_platform") or ""
    order = services.order_create(by=request.user, **data)
    return Status(201, _detail_out(request, order.pk))


@router.get("/{int:order_id}", response=OrderDetailOut, summary="One request")
def order_detail(request: AuthedHttpRequest, order_id: int):
    return _detail_out(request, order_id)


@router.patch(
    "/{int:order_id}",
    response=OrderDetailOut,
    summary="Change a request while it is a draft or waits for a quote",
)
def order_update(request: AuthedHttpRequest, order_id: int, payload: OrderPatch):
    order = selectors.order_get_for_user(user=request.user, order_id=order_id)
    data = _references(payload.model_dump(exclude_unset=True))
    if "meeting_platform" in data:
        data["meeting_platform"] = data["meeting_platform"] or ""
    services.order_update(order=order, by=request.user, **data)
    return _detail_out(request, order_id)


@router.post(
    "/{int:order_id}/transitions",
    response=OrderDetailOut,
    summary=(
        "Take an action: submit, cancel, decline (staff, with a reason), deliver (the "
        "linguist; a translation needs a deliverable) or complete"
    ),
)
def order_transition(request: AuthedHttpRequest, order_id: int, payload: TransitionIn):
    order = selectors.order_get_for_user(user=request.user, order_id=order_id)
    if payload.action not in selectors.PLAIN_ACTIONS:
        raise ValidationFailed(
            _("Use one of: %(actions)s.") % {"actions": ", ".join(selectors.PLAIN_ACTIONS)},
            code="unknown_action",
            fields={"action": [payload.action]},
        )
    services.order_transition(
        order=order, by=request.user, action=payload.action, note=payload.note
    )
    return _detail_out(request, order_id)


class QuoteLineIn(InputSchema):
    description: str = Field(min_length=1, max_length=300)
    quantity: Decimal = Field(gt=0, max_digits=10, decimal_places=2)
    unit: QuoteUnit
    unit_price: Decimal = Field(ge=0, max_digits=12, decimal_places=2)


class QuoteIn(InputSchema):
    lines: list[QuoteLineIn] = Field(min_length=1, max_length=50)
    currency: str = Field("EUR", min_length=3, max_length=3)
    note: str = Field("", max_length=2000)


class QuoteLineOut(Schema):
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    amount: Decimal


class QuoteOut(Schema):
    id: int
    number: int
    status: QuoteStatus
    currency: str
    note: str
    answer_note: str
    total: Decimal
    created_at: datetime
    answered_at: datetime | None
    lines: list[QuoteLineOut]


class QuoteAnswerIn(InputSchema):
    accept: StrictBool
    note: str = Field("", max_length=2000)


def _quote_out(quote: Quote) -> dict:
    lines = list(quote.lines.all())
    return {
        "id": quote.pk,
        "number": quote.number,
        "status": quote.status,
        "currency": quote.currency,
        "note": quote.note,
        "answer_note": quote.answer_note,
        "total": sum((line.amount for line in lines), Decimal("0.00")),
        "created_at": quote.created_at,
        "answered_at": quote.answered_at,
        "lines": [
            {
                "description": line.description,
                "quantity": line.quantity,
                "unit": line.unit,
                "unit_price": line.unit_price,
                "amount": line.amount,
            }
            for line in lines
        ],
    }


@router.get(
    "/{int:order_id}/quotes",
    response=list[QuoteOut],
    summary="Quotes of a request",
)
def quote_list(request: AuthedHttpRequest, order_id: int):
    order = selectors.order_get_for_user(user=request.user, order_id=order_id)
    return [_quote_out(q) for q in order.quotes.prefetch_related("lines")]


@router.post(
    "/{int:order_id}/quotes",
    response={201: QuoteOut},
    summary="Quote a submitted request (staff, or the client's partner agency)",
)
def quote_create(request: AuthedHttpRequest, order_id: int, payload: QuoteIn):
    order = selectors.order_get_for_user(user=request.user, order_id=order_id)
    quote = services.quote_send(
        order=order,
        by=request.user,
        lines=[line.model_dump() for line in payload.lines],
        currency=payload.currency,
        note=payload.note,
    )
    return Status(201, _quote_out(quote))


@router.post(
    "/{int:order_id}/quotes/{int:quote_id}/answer",
    response=QuoteOut,
    summary="Accept (work starts) or reject (a revised quote follows) a quote",
)
def quote_answer(request: AuthedHttpRequest, order_id: int, quote_id: int, payload: QuoteAnswerIn):
    order = selectors.order_get_for_user(user=request.user, order_id=order_id)
    quote = order.quotes.filter(pk=quote_id).first()
    if quote is None:
        raise NotFound(_("No such quote."))
    services.quote_answer(quote=quote, by=request.user, accept=payload.accept, note=payload.note)
    return _quote_out(Quote.objects.prefetch_related("lines").get(pk=quote.pk))


class ReassignIn(InputSchema):
    from_contact_id: StrictInt
    to_contact_id: StrictInt


class ReassignOut(Schema):
    moved: int


@router.post(
    "/contacts/reassign",
    response=ReassignOut,
    summary="Hand a contact's open requests to another contact (managers, staff)",
)
def orders_reassign(request: AuthedHttpRequest, payload: ReassignIn):
    source, target = selectors.contacts_to_reassign(
        user=request.user, source_id=payload.from_contact_id, target_id=payload.to_contact_id
    )
    return {"moved": services.orders_reassign(by=request.user, source=source, target=target)}


class PairCount(Schema):
    source: str
    target: str
    count: int


class MonthCount(Schema):
    month: str
    count: int


class Spent(Schema):
    currency: str
    amount: str


class StatisticsOut(Schema):
    total: int
    by_status: dict[str, int]
    by_language_pair: list[PairCount]
    by_month: list[MonthCount]
    spent: list[Spent]


@router.get(
    "/statistics/summary",
    response=StatisticsOut,
    summary="Counts of the requests you may see, and the amounts of accepted quotes",
)
def order_statistics(request: AuthedHttpRequest):
    return selectors.order_statistics(user=request.user)


# --- Files and progress ---------------------------------------------------------------------


class FileOut(Schema):
    id: int
    kind: FileKind
    name: str
    size: int = Field(description="Bytes")
    content_type: str = Field(description="Detected from the content")
    sha256: str
    uploaded_by: str = Field(description="A linguist appears by pseudonym to clients")
    mine: bool = Field(description="You uploaded it (and may remove it while allowed)")
    created_at: datetime
    download_url: str = Field(description="GET it with your token; never a public address")


def _file_out(order_file: OrderFile, actor) -> dict:
    return {
        "id": order_file.pk,
        "kind": order_file.kind,
        "name": order_file.name,
        "size": order_file.size,
        "content_type": order_file.content_type,
        "sha256": order_file.sha256,
        "uploaded_by": selectors.display_name_for(actor, order_file.uploaded_by),
        "mine": order_file.uploaded_by_id is not None
        and order_file.uploaded_by_id == actor.user_id,
        "created_at": order_file.created_at,
        "download_url": f"/api/v1/orders/{order_file.order_id}/files/{order_file.pk}",
    }


@router.get(
    "/{int:order_id}/files",
    response=list[FileOut],
    summary="Files of a request: source and reference files, deliverables",
)
def order_file_list(request: AuthedHttpRequest, order_id: int, kind: FileKind | None = None):
    order = selectors.order_get_for_user(user=request.user, order_id=order_id)
    actor = actor_for(request.user)
    return [_file_out(f, actor) for f in selectors.order_files(order=order, kind=kind)]


@router.post(
    "/{int:order_id}/files",
    response={201: FileOut},
    summary="Upload a file (multipart: `file`, `kind` = source, reference or deliverable)",
)
def order_file_upload(
    request: AuthedHttpRequest,
    order_id: int,
    file: File[UploadedFile],
    kind: Form[FileKind] = FileKind.SOURCE,
):
    order = selectors.order_get_for_user(user=request.user, order_id=order_id)
    added = services.order_file_add(order=order, by=request.user, upload=file, kind=kind)
    added = selectors.order_file_get(order=order, file_id=added.pk)
    return Status(201, _file_out(added, actor_for(request.user)))


@router.get(
    "/{int:order_id}/files/{int:file_id}",
    response={200: None},
    summary="Download a file (as an attachment)",
)
def order_file_download(request: AuthedHttpRequest, order_id: int, file_id: int):
    from dragoman.orders.downloads import file_response

    order = selectors.order_get_for_user(user=request.user, order_id=order_id)
    return file_response(selectors.order_file_get(order=order, file_id=file_id))


@router.delete(
    "/{int:order_id}/files/{int:file_id}",
    response={204: None},
    summary="Remove a file you uploaded, while the request allows it",
)
def order_file_remove(request: AuthedHttpRequest, order_id: int, file_id: int):
    order = selectors.order_get_for_user(user=request.user, order_id=order_id)
    order_file = selectors.order_file_get(order=order, file_id=file_id)
    services.order_file_remove(order_file=order_file, by=request.user)
    return Status(204, None)


class ProgressIn(InputSchema):
    percent: StrictInt | None = Field(None, ge=0, le=100)
    note: str = Field("", max_length=500)


@router.api_operation(
    ["PUT", "POST"],
    "/{int:order_id}/progress",
    response=OrderDetailOut,
    summary="Set the progress of the work (the assigned linguist, or staff)",
)
def order_progress(request: AuthedHttpRequest, order_id: int, payload: ProgressIn):
    order = selectors.order_get_for_user(user=request.user, order_id=order_id)
    services.order_progress_set(
        order=order, by=request.user, percent=payload.percent, note=payload.note
    )
    return _detail_out(request, order_id)
