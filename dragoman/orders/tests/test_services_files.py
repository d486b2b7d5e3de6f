"""Who uploads what, when; what is stored; removing; delivering needs a deliverable."""

import pytest

from dragoman.core.errors import Conflict, Forbidden, ValidationFailed
from dragoman.orders.models import OrderEvent, OrderFile
from dragoman.orders.services import order_file_add, order_file_remove, order_transition
from dragoman.orders.tests.factories import (
    DOCX,
    ELF,
    PDF,
    PE,
    PLAIN_ZIP,
    TEXT,
    in_progress,
    make_order,
    move,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allowed", "media")]


def add_source(order, by, name="a.pdf", content=PDF):
    return order_file_add(order=order, by=by, upload=upload(name, content), kind="source")


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_a_requester_adds_a_source_file_stored_under_a_random_key(world, media):
    order = make_order(world)
    added = order_file_add(
        order=order,
        by=world.requester,
        upload=upload("Confidential merger.pdf", PDF),
        kind="source",
    )
    added.refresh_from_db()
    assert added.name == "Confidential merger.pdf"
    assert added.size == len(PDF) and added.content_type == "application/pdf"
    assert added.file.name.startswith(f"orders/{order.pk}/")
    assert "merger" not in added.file.name and ".pdf" not in added.file.name
    assert len(added.file.name.rsplit("/", 1)[1]) == 32
    assert added.file.read() == PDF
    event = OrderEvent.objects.filter(order=order).last()
    assert (event.action, event.note, event.actor) == (
        "file_added",
        "Confidential merger.pdf",
        world.requester,
    )


def test_the_same_name_twice_makes_two_files(world, media):
    order = make_order(world)
    first = order_file_add(
        order=order, by=world.requester, upload=upload("a.txt", TEXT), kind="source"
    )
    second = order_file_add(
        order=order, by=world.requester, upload=upload("a.txt", TEXT), kind="source"
    )
    assert first.file.name != second.file.name
    assert len(stored_files(media)) == 2


def test_an_oversized_file_is_refused_with_the_limit_and_nothing_is_saved(world, media, settings):
    settings.UPLOAD_MAX_MB = 1
    order = make_order(world)
    big = upload("big.pdf", PDF + b"0" * (2 * 1024 * 1024))
    with pytest.raises(ValidationFailed) as caught:
        order_file_add(order=order, by=world.requester, upload=big, kind="source")
    assert caught.value.message == "“big.pdf” is 3 MB; files may be at most 1 MB."
    assert not OrderFile.objects.exists() and stored_files(media) == []
    assert not OrderEvent.objects.filter(action="file_added").exists()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("report.pdf", PE, "“report.pdf” is a program, not a PDF document"),
        ("notes.txt", ELF, "“notes.txt” is a program, not a text file"),
        ("report.docx", PLAIN_ZIP, "“report.docx” is a ZIP archive, not a Word document"),
        ("contract.docx", PDF, "“contract.docx” is a PDF document, not a Word document"),
        ("glossary.pdf", TEXT, "The content of “glossary.pdf” is not a PDF document"),
    ],
)
def test_disguised_and_mismatched_files_are_refused_and_nothing_is_saved(
    world, media, name, content, says
):
    order = make_order(world)
    with pytest.raises(ValidationFailed) as caught:
        order_file_add(order=order, by=world.requester, upload=upload(name, content), kind="source")
    assert caught.value.message.startswith(says)
    assert caught.value.message.endswith("it was not uploaded.")
    assert not OrderFile.objects.exists() and stored_files(media) == []


# role -> may add a source file to a submitted request of the world's requester
SOURCE_RIGHTS = {
    "staff": True,
    "partner_manager": False,
    "manager": True,
    "requester": True,
    "observer": False,
    "linguist": False,
}


@pytest.mark.parametrize(("role", "allowed_to"), SOURCE_RIGHTS.items())
def test_who_adds_source_files(world, role, allowed_to):
    order = make_order(world)
    add = lambda: order_file_add(  # noqa: E731
        order=order, by=world.user(role), upload=upload("a.pdf", PDF), kind="source"
    )
    if allowed_to:
        assert add().kind == "source"
    else:
        with pytest.raises(Forbidden):
            add()


# role -> may add a deliverable to a translation in progress by the world's linguist
DELIVERABLE_RIGHTS = {
    "staff": True,
    "partner_manager": False,
    "manager": False,
    "requester": False,
    "observer": False,
    "linguist": True,
}


@pytest.mark.parametrize(("role", "allowed_to"), DELIVERABLE_RIGHTS.items())
def test_who_adds_deliverables(world, role, allowed_to):
    order = in_progress(world)
    add = lambda: order_file_add(  # noqa: E731
        order=order, by=world.user(role), upload=upload("done.docx", DOCX), kind="deliverable"
    )
    if allowed_to:
        added = add()
        assert OrderEvent.objects.filter(order=order).last().action == "file_delivered"
        assert added.uploaded_by == world.user(role)
    else:
        with pytest.raises(Forbidden):
            add()


def test_a_linguist_offered_another_request_cannot_add_deliverables_to_it(world):
    from dragoman.linguists.tests.factories import make_linguist

    other = make_linguist(email="other-linguist@example.test").user
    order = move(make_order(world), "in_progress", linguist=other)
    with pytest.raises(Forbidden):
        order_file_add(
            order=order, by=world.linguist, upload=upload("a.pdf", PDF), kind="deliverable"
        )


@pytest.mark.parametrize("status", ["accepted", "assigned", "completed", "cancelled"])
def test_deliverables_wait_for_the_work_to_start_and_stop_when_it_is_closed(world, status):
    order = move(make_order(world), status, linguist=world.linguist)
    with pytest.raises(Conflict) as caught:
        order_file_add(
            order=order, by=world.linguist, upload=upload("a.pdf", PDF), kind="deliverable"
        )
    assert caught.value.code == "upload_closed"


def test_deliverables_may_be_added_after_delivery(world):
    order = move(in_progress(world), "delivered")
    added = order_file_add(
        order=order, by=world.linguist, upload=upload("fix.pdf", PDF), kind="deliverable"
    )
    assert added.kind == "deliverable"


@pytest.mark.parametrize("status", ["completed", "cancelled", "declined"])
def test_source_files_cannot_be_added_to_a_closed_request(world, status):
    order = move(make_order(world), status)
    with pytest.raises(Conflict):
        add_source(order, world.requester)


def test_an_unknown_kind_is_refused(world):
    with pytest.raises(ValidationFailed):
        order_file_add(
            order=make_order(world), by=world.requester, upload=upload("a.pdf", PDF), kind="x"
        )


def test_the_uploader_removes_a_file_which_stays_in_the_history(world):
    order = make_order(world)
    added = order_file_add(
        order=order, by=world.requester, upload=upload("a.pdf", PDF), kind="source"
    )
    order_file_remove(order_file=added, by=world.requester)
    added.refresh_from_db()
    assert added.deleted_at is not None
    assert OrderEvent.objects.filter(order=order).last().action == "file_removed"
    with pytest.raises(Conflict):
        order_file_remove(order_file=added, by=world.requester)


def test_nobody_but_the_uploader_removes_a_file(world):
    order = make_order(world)
    added = order_file_add(
        order=order, by=world.requester, upload=upload("a.pdf", PDF), kind="source"
    )
    for role in ("manager", "staff", "observer", "linguist"):
        with pytest.raises(Forbidden):
            order_file_remove(order_file=added, by=world.user(role))


def test_a_file_of_a_closed_request_cannot_be_removed(world):
    order = make_order(world)
    added = order_file_add(
        order=order, by=world.requester, upload=upload("a.pdf", PDF), kind="source"
    )
    move(order, "completed")
    with pytest.raises(Conflict):
        order_file_remove(order_file=added, by=world.requester)


def test_a_delivered_deliverable_cannot_be_removed(world):
    order = in_progress(world)
    added = order_file_add(
        order=order, by=world.linguist, upload=upload("a.pdf", PDF), kind="deliverable"
    )
    order_transition(order=order, by=world.linguist, action="deliver")
    with pytest.raises(Conflict):
        order_file_remove(order_file=added, by=world.linguist)


def test_a_translation_cannot_be_delivered_without_a_deliverable(world):
    order = in_progress(world)
    add_source(order, world.requester)
    with pytest.raises(Conflict) as caught:
        order_transition(order=order, by=world.linguist, action="deliver")
    assert caught.value.code == "deliverable_missing"
    order.refresh_from_db()
    assert order.status == "in_progress"


def test_a_removed_deliverable_does_not_count_for_delivery(world):
    order = in_progress(world)
    added = order_file_add(
        order=order, by=world.linguist, upload=upload("a.pdf", PDF), kind="deliverable"
    )
    order_file_remove(order_file=added, by=world.linguist)
    with pytest.raises(Conflict):
        order_transition(order=order, by=world.linguist, action="deliver")


def test_a_translation_with_a_deliverable_is_delivered(world):
    order = in_progress(world)
    order_file_add(order=order, by=world.linguist, upload=upload("a.pdf", PDF), kind="deliverable")
    assert order_transition(order=order, by=world.linguist, action="deliver").status == "delivered"


def test_an_event_is_delivered_without_files(world):
    order = in_progress(world, service="consecutive")
    assert order_transition(order=order, by=world.linguist, action="deliver").status == "delivered"


def _demote_to_observer(user):  # type: ignore[no-untyped-def]
    from dragoman.core.permissions import forget_actor

    user.memberships.update(role="observer")
    forget_actor(user)


def test_a_requester_made_observer_no_longer_uploads_to_or_cancels_their_old_request(world):
    order = make_order(world)
    _demote_to_observer(world.requester)
    with pytest.raises(Forbidden):
        add_source(order, world.requester)
    with pytest.raises(Forbidden):
        order_transition(order=order, by=world.requester, action="cancel")


def test_a_manager_made_observer_no_longer_removes_the_files_they_uploaded(world):
    order = make_order(world)
    added = add_source(order, world.manager)
    _demote_to_observer(world.manager)
    with pytest.raises(Forbidden):
        order_file_remove(order_file=added, by=world.manager)
    added.refresh_from_db()
    assert added.deleted_at is None


def test_a_deliverable_named_after_its_linguist_is_stored_under_the_pseudonym(world):
    order = in_progress(world)
    pseudonym = world.linguist.linguist_profile.pseudonym
    assert world.linguist.full_name == "Lena Secretname"
    added = order_file_add(
        order=order,
        by=world.linguist,
        upload=upload("contract_RU_lena_secretname.pdf", PDF),
        kind="deliverable",
    )
    added.refresh_from_db()
    assert added.name == f"contract_RU_{pseudonym}.pdf"
    assert OrderEvent.objects.filter(order=order).last().note == added.name
