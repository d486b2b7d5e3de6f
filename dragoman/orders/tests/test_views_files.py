"""The files and progress sections of the request page."""

import pytest

from dragoman.orders.models import OrderFile
from dragoman.orders.services import order_file_add, order_progress_set
from dragoman.orders.tests.factories import (
    DOCX,
    ELF,
    PDF,
    PE,
    TEXT,
    in_progress,
    make_order,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allowed", "media")]


def with_files(world):
    order = in_progress(world)
    order_file_add(order=order, by=world.requester, upload=upload("source.pdf", PDF), kind="source")
    done = order_file_add(
        order=order, by=world.linguist, upload=upload("done.docx", DOCX), kind="deliverable"
    )
    return order, done


def test_the_requester_uploads_several_files_from_the_page(world, client):
    order = make_order(world)
    client.force_login(world.requester)
    response = client.post(
        f"/requests/{order.pk}/files/",
        {"kind": "source", "files": [upload("a.pdf", PDF), upload("b.txt", TEXT)]},
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert sorted(OrderFile.objects.values_list("name", flat=True)) == ["a.pdf", "b.txt"]
    assert "a.pdf" in html and "b.txt" in html and "Uploaded: a.pdf, b.txt." in html


def test_refused_files_are_named_with_the_reason_and_the_chosen_kind_is_kept(world, client):
    order = make_order(world)
    client.force_login(world.requester)
    response = client.post(
        f"/requests/{order.pk}/files/",
        {
            "kind": "reference",
            "files": [upload("report.pdf", PE), upload("notes.txt", ELF), upload("ok.pdf", PDF)],
        },
        follow=True,
    )
    assert response.redirect_chain == [(f"/requests/{order.pk}/#files", 302)]
    errors = response.content.decode().split('data-testid="upload-errors"')[1].split("</div>")[0]
    assert "“report.pdf” is a program, not a PDF document; it was not uploaded." in errors
    assert "“notes.txt” is a program, not a text file; it was not uploaded." in errors
    html = response.content.decode()
    assert '<option value="reference" selected>' in html and "Uploaded: ok.pdf." in html
    assert list(OrderFile.objects.values_list("name", flat=True)) == ["ok.pdf"]
    # Said once: the next visit shows the page as usual.
    again = client.get(f"/requests/{order.pk}/").content.decode()
    assert "upload-errors" not in again and '<option value="source" selected>' in again


def test_an_oversized_file_is_refused_on_the_page_with_the_limit(world, client, settings):
    settings.UPLOAD_MAX_MB = 1
    order = make_order(world)
    client.force_login(world.requester)
    response = client.post(
        f"/requests/{order.pk}/files/",
        {"kind": "source", "files": [upload("big.pdf", PDF + b"0" * 2_200_000)]},
        follow=True,
    )
    assert "“big.pdf” is 3 MB; files may be at most 1 MB." in response.content.decode()
    assert not OrderFile.objects.exists()


def test_the_upload_form_shows_the_limit_and_the_accepted_types(world, client):
    order = make_order(world)
    client.force_login(world.requester)
    html = client.get(f"/requests/{order.pk}/").content.decode()
    assert "At most 50 MB per file." in html and "pdf, docx" in html
    assert 'accept=".pdf,.docx' in html


@pytest.mark.parametrize(
    ("role", "form", "kinds"),
    [
        ("requester", True, ["source", "reference"]),
        ("manager", True, ["source", "reference"]),
        ("staff", True, ["source", "reference", "deliverable"]),
        ("observer", False, []),
        ("partner_manager", False, []),
        ("linguist", True, ["deliverable"]),
    ],
)
def test_the_upload_form_offers_each_role_its_kinds(world, client_as, role, form, kinds):
    order = in_progress(world)
    html = client_as(world.user(role)).get(f"/requests/{order.pk}/").content.decode()
    assert ('data-testid="upload-form"' in html) == form
    for kind in ("source", "reference", "deliverable"):
        offered = f'value="{kind}"' in html
        assert offered == (kind in kinds), kind


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff", 200),
        ("partner_manager", 200),
        ("manager", 200),
        ("requester", 200),
        ("observer", 200),
        ("linguist", 200),
        ("other_manager", 404),
    ],
)
def test_who_downloads_from_the_page(world, client_as, role, status):
    order, done = with_files(world)
    response = client_as(world.user(role)).get(f"/requests/{order.pk}/files/{done.pk}/download")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"] == 'attachment; filename="done.docx"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == DOCX


def test_anonymous_visitors_are_sent_to_log_in(world, client):
    order, done = with_files(world)
    response = client.get(f"/requests/{order.pk}/files/{done.pk}/download")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["requester", "manager", "observer", "partner_manager"])
def test_the_client_page_names_the_linguist_only_by_pseudonym(world, client_as, role):
    order, _ = with_files(world)
    order_progress_set(order=order, by=world.linguist, percent=60, note="Half-way")
    html = client_as(world.user(role)).get(f"/requests/{order.pk}/").content.decode()
    assert "done.docx" in html and world.linguist.linguist_profile.pseudonym in html
    assert "Secretname" not in html and "linguist@example.test" not in html


def test_the_page_lists_sources_and_deliverables_apart(world, client):
    order, _ = with_files(world)
    client.force_login(world.observer)
    html = client.get(f"/requests/{order.pk}/").content.decode()
    sources = html.split('data-testid="source-files"')[1].split("</table>")[0]
    deliverables = html.split('data-testid="deliverables"')[1].split("</table>")[0]
    assert "source.pdf" in sources and "done.docx" not in sources
    assert "done.docx" in deliverables and "source.pdf" not in deliverables


# User, membership, the order, its history, the linguists whose names leave the history's
# notes (client side), its files, its quotes, the menu's two badges (unread notifications
# and messages) and the conversation panel's look-up; plus the session's query, if any.
PAGE_QUERIES = 10


def test_the_page_costs_the_same_queries_for_3_and_20_files(
    world, client, django_assert_num_queries, session_queries
):
    order = in_progress(world)
    client.force_login(world.requester)

    def add(count):
        start = OrderFile.objects.count()
        for index in range(start, start + count):
            by, kind = (world.linguist, "deliverable") if index % 2 else (world.requester, "source")
            order_file_add(order=order, by=by, upload=upload(f"f{index}.txt", TEXT), kind=kind)

    add(3)
    client.get(f"/requests/{order.pk}/")
    with django_assert_num_queries(PAGE_QUERIES + session_queries):
        client.get(f"/requests/{order.pk}/")
    add(17)
    with django_assert_num_queries(PAGE_QUERIES + session_queries):
        html = client.get(f"/requests/{order.pk}/").content.decode()
    assert "f19.txt" in html


def test_the_uploader_removes_a_file_from_the_page(world, client):
    order, _ = with_files(world)
    source = OrderFile.objects.get(name="source.pdf")
    client.force_login(world.requester)
    html = client.get(f"/requests/{order.pk}/").content.decode()
    assert f"/requests/{order.pk}/files/{source.pk}/remove/" in html
    client.post(f"/requests/{order.pk}/files/{source.pk}/remove/")
    source.refresh_from_db()
    assert source.deleted_at is not None
    assert client.get(f"/requests/{order.pk}/files/{source.pk}/download").status_code == 404


def test_the_linguist_sets_progress_and_the_client_sees_a_bar(world, client_as):
    order = in_progress(world)
    linguist = client_as(world.linguist)
    assert 'name="percent"' in linguist.get(f"/requests/{order.pk}/").content.decode()
    linguist.post(f"/requests/{order.pk}/progress/", {"percent": "60", "note": "Half-way"})
    html = client_as(world.requester).get(f"/requests/{order.pk}/").content.decode()
    assert '<progress value="60" max="100"' in html and "Half-way" in html
    assert 'name="percent"' not in html
    listing = client_as(world.requester).get("/requests/").content.decode()
    assert 'value="60"' in listing


def test_a_client_cannot_set_progress_from_the_page(world, client):
    order = in_progress(world)
    client.force_login(world.requester)
    response = client.post(f"/requests/{order.pk}/progress/", {"percent": "90"}, follow=True)
    order.refresh_from_db()
    assert order.progress_percent is None
    assert "Only the linguist doing the work sets its progress." in response.content.decode()


def test_the_linguist_delivers_from_the_page_once_a_deliverable_is_there(world, client):
    order = in_progress(world)
    client.force_login(world.linguist)
    html = client.get(f"/requests/{order.pk}/").content.decode()
    assert "Mark as delivered" in html
    response = client.post(f"/requests/{order.pk}/action/", {"action": "deliver"}, follow=True)
    order.refresh_from_db()
    assert order.status == "in_progress"
    assert "Upload the translated files before delivering" in response.content.decode()
    client.post(
        f"/requests/{order.pk}/files/",
        {"kind": "deliverable", "files": [upload("done.docx", DOCX)]},
    )
    client.post(f"/requests/{order.pk}/action/", {"action": "deliver"})
    order.refresh_from_db()
    assert order.status == "delivered"


def test_the_staff_console_lists_files_without_their_storage_key(world, client):
    order, done = with_files(world)
    world.staff.is_superuser = True
    world.staff.save(update_fields=["is_superuser"])
    client.force_login(world.staff)
    html = client.get(f"/staff/orders/order/{order.pk}/change/").content.decode()
    assert "done.docx" in html and done.file.name not in html


def test_the_linguist_is_reminded_to_clear_document_properties_and_clients_are_not(world, client):
    order = in_progress(world)
    client.force_login(world.linguist)
    assert 'data-testid="metadata-warning"' in client.get(f"/requests/{order.pk}/").content.decode()
    client.force_login(world.requester)
    assert (
        'data-testid="metadata-warning"'
        not in client.get(f"/requests/{order.pk}/").content.decode()
    )
