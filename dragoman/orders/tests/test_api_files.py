"""/api/v1/orders/{id}/files and /progress: rights of each role, anonymity, downloads."""

import pytest

from conftest import ROLES
from dragoman.accounts.services import api_token_create
from dragoman.orders.models import OrderFile
from dragoman.orders.services import order_file_add
from dragoman.orders.tests.factories import (
    DOCX,
    PDF,
    PE,
    PLAIN_ZIP,
    TEXT,
    in_progress,
    make_order,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allowed", "media")]


def headers(user):
    if user is None:
        return {}
    _, secret = api_token_create(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def post_file(client, user, order, name, content, kind="source"):
    return client.post(
        f"/api/v1/orders/{order.pk}/files",
        {"file": upload(name, content), "kind": kind},
        **headers(user),
    )


def with_files(world):
    """A translation in progress with a source file from the requester and a deliverable
    from the linguist."""
    order = in_progress(world)
    source = order_file_add(
        order=order, by=world.requester, upload=upload("source.pdf", PDF), kind="source"
    )
    done = order_file_add(
        order=order, by=world.linguist, upload=upload("done.docx", DOCX), kind="deliverable"
    )
    return order, source, done


# role -> status of POST …/files with a source file on the requester's translation in progress
UPLOAD_SOURCE = {
    "anonymous": 401,
    "staff": 201,
    "partner_manager": 403,
    "manager": 201,
    "requester": 201,
    "observer": 403,
    "linguist": 403,
    "other_manager": 404,
}
UPLOAD_DELIVERABLE = {
    **UPLOAD_SOURCE,
    "manager": 403,
    "requester": 403,
    "linguist": 201,
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_uploading_a_source_file(world, client, role):
    order = in_progress(world)
    response = post_file(client, world.user(role), order, "a.pdf", PDF)
    assert response.status_code == UPLOAD_SOURCE[role], response.content


@pytest.mark.parametrize("role", ROLES)
def test_each_role_uploading_a_deliverable(world, client, role):
    order = in_progress(world)
    response = post_file(client, world.user(role), order, "a.pdf", PDF, kind="deliverable")
    assert response.status_code == UPLOAD_DELIVERABLE[role], response.content


# role -> may list and download the files of the requester's translation in progress
SEES_FILES = {
    "anonymous": 401,
    "staff": 200,
    "partner_manager": 200,
    "manager": 200,
    "requester": 200,
    "observer": 200,
    "linguist": 200,
    "other_manager": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_listing_and_downloading(world, client, role):
    order, source, done = with_files(world)
    user = world.user(role)
    listing = client.get(f"/api/v1/orders/{order.pk}/files", **headers(user))
    assert listing.status_code == SEES_FILES[role]
    for order_file, content in ((source, PDF), (done, DOCX)):
        response = client.get(f"/api/v1/orders/{order.pk}/files/{order_file.pk}", **headers(user))
        assert response.status_code == SEES_FILES[role]
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == content
    if SEES_FILES[role] == 200:
        assert {f["kind"] for f in listing.json()} == {"source", "deliverable"}


def test_a_linguist_not_assigned_sees_no_files(world, client):
    from dragoman.linguists.tests.factories import make_linguist

    order, source, _ = with_files(world)
    other = make_linguist(email="other-linguist@example.test").user
    assert client.get(f"/api/v1/orders/{order.pk}/files", **headers(other)).status_code == 404
    response = client.get(f"/api/v1/orders/{order.pk}/files/{source.pk}", **headers(other))
    assert response.status_code == 404


def test_a_file_of_another_request_is_not_found_through_this_one(world, client):
    _, source, _ = with_files(world)
    other = make_order(world)
    response = client.get(f"/api/v1/orders/{other.pk}/files/{source.pk}", **headers(world.staff))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["requester", "manager", "observer", "partner_manager"])
def test_clients_see_the_linguist_only_by_pseudonym_in_file_metadata(world, client, role):
    order, _, _ = with_files(world)
    response = client.get(f"/api/v1/orders/{order.pk}/files", **headers(world.user(role)))
    body = response.content.decode()
    assert "Secretname" not in body and "linguist@example.test" not in body
    deliverable = next(f for f in response.json() if f["kind"] == "deliverable")
    assert deliverable["uploaded_by"] == world.linguist.linguist_profile.pseudonym


@pytest.mark.parametrize("role", ["staff", "linguist"])
def test_staff_and_the_linguist_see_the_linguists_name(world, client, role):
    order, _, _ = with_files(world)
    files = client.get(f"/api/v1/orders/{order.pk}/files", **headers(world.user(role))).json()
    assert next(f for f in files if f["kind"] == "deliverable")["uploaded_by"] == "Lena Secretname"


def test_file_metadata_never_holds_a_storage_address(world, client):
    order, source, _ = with_files(world)
    body = client.get(f"/api/v1/orders/{order.pk}/files", **headers(world.requester)).json()
    text = str(body)
    assert source.file.name not in text and "/media/" not in text
    assert body[0]["download_url"] == f"/api/v1/orders/{order.pk}/files/{source.pk}"


def test_a_download_is_an_attachment_with_its_name_and_nosniff(world, client):
    order, _, done = with_files(world)
    response = client.get(f"/api/v1/orders/{order.pk}/files/{done.pk}", **headers(world.observer))
    assert response["Content-Disposition"] == 'attachment; filename="done.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_html_is_downloaded_as_bytes_not_as_a_page(world, client):
    order = in_progress(world)
    response = post_file(client, world.requester, order, "page.html", b"<script>alert(1)</script>")
    assert response.status_code == 201
    download = client.get(response.json()["download_url"], **headers(world.requester))
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment")


# The token with its user, the membership, the order, its files.
LIST_QUERIES = 4


def test_the_list_costs_the_same_queries_for_3_and_20_files(
    world, client, django_assert_num_queries
):
    order = in_progress(world)
    auth = headers(world.requester)

    def add(count):
        start = OrderFile.objects.count()
        for index in range(start, start + count):
            by, kind = (world.linguist, "deliverable") if index % 2 else (world.requester, "source")
            order_file_add(order=order, by=by, upload=upload(f"f{index}.txt", TEXT), kind=kind)

    add(3)
    client.get(f"/api/v1/orders/{order.pk}/files", **auth)  # the token notes its first use
    with django_assert_num_queries(LIST_QUERIES):
        assert len(client.get(f"/api/v1/orders/{order.pk}/files", **auth).json()) == 3
    add(17)
    with django_assert_num_queries(LIST_QUERIES):
        assert len(client.get(f"/api/v1/orders/{order.pk}/files", **auth).json()) == 20


def test_an_oversized_upload_is_a_422_with_a_clear_message(world, client, settings, monkeypatch):
    from dragoman.orders import services
    from dragoman.orders.uploads import OversizedUpload

    seen = []
    check = services.check_upload
    monkeypatch.setattr(
        services, "check_upload", lambda upload: check(seen.append(upload) or upload)
    )
    settings.UPLOAD_MAX_MB = 1
    order = in_progress(world)
    response = post_file(client, world.requester, order, "big.pdf", PDF + b"0" * 2_200_000)
    # The bytes past the limit were dropped as they arrived: only the size reached the check.
    assert [type(upload) for upload in seen] == [OversizedUpload]
    assert response.status_code == 422
    assert response.json()["code"] == "file_too_large"
    assert response.json()["message"] == "“big.pdf” is 3 MB; files may be at most 1 MB."
    assert not OrderFile.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("report.pdf", PE, "file_is_program"),
        ("report.docx", PLAIN_ZIP, "file_content_mismatch"),
        ("setup.exe", PE, "file_type_not_allowed"),
    ],
)
def test_a_disguised_executable_is_a_422_naming_the_file(world, client, name, content, code):
    order = in_progress(world)
    response = post_file(client, world.requester, order, name, content)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == code and f"“{name}”" in body["message"]
    assert body["fields"]["file"] == [body["message"]]
    assert not OrderFile.objects.exists()


def test_the_uploader_deletes_a_file_and_it_is_gone_from_the_list(world, client):
    order, source, _ = with_files(world)
    path = f"/api/v1/orders/{order.pk}/files/{source.pk}"
    assert client.delete(path, **headers(world.manager)).status_code == 403
    assert client.delete(path, **headers(world.requester)).status_code == 204
    assert client.get(path, **headers(world.requester)).status_code == 404
    names = [
        f["name"]
        for f in client.get(f"/api/v1/orders/{order.pk}/files", **headers(world.requester)).json()
    ]
    assert names == ["done.docx"]


def test_delivering_a_translation_without_a_deliverable_is_a_409_saying_why(world, client):
    order = in_progress(world)
    response = client.post(
        f"/api/v1/orders/{order.pk}/transitions",
        {"action": "deliver"},
        content_type="application/json",
        **headers(world.linguist),
    )
    assert response.status_code == 409
    assert response.json()["code"] == "deliverable_missing"
    post_file(client, world.linguist, order, "done.pdf", PDF, kind="deliverable")
    response = client.post(
        f"/api/v1/orders/{order.pk}/transitions",
        {"action": "deliver"},
        content_type="application/json",
        **headers(world.linguist),
    )
    assert response.status_code == 200 and response.json()["status"] == "delivered"


@pytest.mark.parametrize("method", ["put", "post"])
def test_the_linguist_sets_the_progress_and_the_client_reads_it(world, client, method):
    order = in_progress(world)
    response = getattr(client, method)(
        f"/api/v1/orders/{order.pk}/progress",
        {"percent": 60, "note": "Half-way"},
        content_type="application/json",
        **headers(world.linguist),
    )
    assert response.status_code == 200, response.content
    seen = client.get(f"/api/v1/orders/{order.pk}", **headers(world.requester))
    assert seen.json()["progress_percent"] == 60 and seen.json()["progress_note"] == "Half-way"
    assert "Secretname" not in seen.content.decode()


@pytest.mark.parametrize(
    ("role", "percent", "status"),
    [
        ("requester", 50, 403),
        ("observer", 50, 403),
        ("other_manager", 50, 404),
        ("linguist", 101, 422),
        ("linguist", -5, 422),
        ("staff", 100, 200),
    ],
)
def test_progress_rules_through_the_api(world, client, role, percent, status):
    order = in_progress(world)
    response = client.put(
        f"/api/v1/orders/{order.pk}/progress",
        {"percent": percent},
        content_type="application/json",
        **headers(world.user(role)),
    )
    assert response.status_code == status, response.content


def test_a_linguist_reads_the_source_files_of_an_offer_until_they_decline_it(world, client):
    from dragoman.assignments.models import Offer
    from dragoman.assignments.services import offer_create, offer_decline
    from dragoman.orders.tests.factories import move

    order = move(make_order(world), "accepted")
    order_file_add(order=order, by=world.requester, upload=upload("a.pdf", PDF), kind="source")
    offer_create(order=order, linguist=world.linguist.linguist_profile, by=world.staff)
    path = f"/api/v1/orders/{order.pk}/files"
    assert [f["name"] for f in client.get(path, **headers(world.linguist)).json()] == ["a.pdf"]
    offer_decline(offer=Offer.objects.get(order=order), by=world.linguist, reason="Busy")
    assert client.get(path, **headers(world.linguist)).status_code == 404
