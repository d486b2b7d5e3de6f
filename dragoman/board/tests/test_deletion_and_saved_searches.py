"""Deletion on request (FAQ 2.18) and saved searches (FAQ 2.1)."""

import pytest

from dragoman.accounts.tests.factories import api
from dragoman.board import services
from dragoman.board.models import SavedSearch
from dragoman.board.tests.factories import make_entry, make_outsourcer
from dragoman.core.errors import Conflict, Forbidden

pytestmark = pytest.mark.django_db


def test_the_author_has_an_unanswered_entry_deleted_at_once(world, outsourcer):
    entry = make_entry(outsourcer, author=world.linguist, rating=3)
    services.entry_delete_request(by=world.linguist, entry=entry)
    entry.refresh_from_db(), outsourcer.refresh_from_db()
    assert entry.status == "deleted" and outsourcer.entry_count == 0


def test_without_a_reply_the_outsourcer_disputes_instead_of_deleting(world, outsourcer):
    entry = make_entry(outsourcer, author=world.linguist)
    with pytest.raises(Conflict) as error:
        services.entry_delete_request(by=world.manager, entry=entry)
    assert error.value.code == "dispute_instead"


@pytest.mark.parametrize("first", ["author", "outsourcer"])
def test_once_replied_an_entry_is_deleted_only_when_both_sides_ask(world, outsourcer, first):
    entry = make_entry(outsourcer, author=world.linguist)
    services.entry_reply(by=world.manager, entry=entry, reply="Thanks")
    sides = {"author": world.linguist, "outsourcer": world.requester}
    second = "outsourcer" if first == "author" else "author"
    services.entry_delete_request(by=sides[first], entry=entry)
    entry.refresh_from_db()
    assert entry.status == "published"
    services.entry_delete_request(by=sides[first], entry=entry)  # asking twice is one ask
    entry.refresh_from_db()
    assert entry.status == "published"
    services.entry_delete_request(by=sides[second], entry=entry)
    entry.refresh_from_db()
    assert entry.status == "deleted"


@pytest.mark.parametrize("role", ["staff", "partner_manager", "other_manager"])
def test_nobody_else_asks_for_deletion(world, outsourcer, role):
    entry = make_entry(outsourcer, author=world.linguist)
    with pytest.raises(Forbidden):
        services.entry_delete_request(by=world.user(role), entry=entry)


def test_deletion_through_the_api_and_the_page(world, client, client_as, outsourcer):
    entry = make_entry(outsourcer, author=world.linguist)
    services.entry_reply(by=world.manager, entry=entry, reply="Thanks")
    response = api(client, world.linguist, "post", f"/lwa-entries/{entry.pk}/deletion")
    assert response.json()["status"] == "published"
    page = client_as(world.manager).get(f"/board/outsourcers/{outsourcer.pk}/").content.decode()
    assert "The author asks to delete this entry." in page
    client_as(world.manager).post(f"/board/entries/{entry.pk}/delete/")
    entry.refresh_from_db()
    assert entry.status == "deleted"


def test_a_user_saves_searches_and_sees_only_their_own(world, client_as):
    make_outsourcer("Müller Übersetzungen", country="DE", city="Köln")
    client = client_as(world.linguist)
    client.post(
        "/board/saved-searches/",
        {"name": "German agencies", "q": "muller", "country": "DE", "city": "", "sort": "average"},
    )
    html = client.get("/board/").content.decode()
    assert "German agencies" in html and "q=muller" in html
    assert "German agencies" not in client_as(world.partner_manager).get("/board/").content.decode()
    search = SavedSearch.objects.get()
    # Another user cannot delete it.
    client_as(world.partner_manager).post("/board/saved-searches/", {"delete": search.pk})
    assert SavedSearch.objects.exists()
    client_as(world.linguist).post("/board/saved-searches/", {"delete": search.pk})
    assert not SavedSearch.objects.exists()


def test_saved_searches_in_the_api(world, client):
    response = api(
        client, world.linguist, "post", "/board/saved-searches", {"name": "Paris", "city": "Paris"}
    )
    assert response.status_code == 201
    assert [
        s["name"] for s in api(client, world.linguist, "get", "/board/saved-searches").json()
    ] == ["Paris"]
    assert api(client, world.manager, "get", "/board/saved-searches").json() == []
    path = f"/board/saved-searches/{response.json()['id']}"
    assert api(client, world.linguist, "delete", path).status_code == 204


def test_deleting_another_persons_or_a_missing_saved_search_is_a_404(world, client):
    response = api(client, world.linguist, "post", "/board/saved-searches", {"name": "Paris"})
    path = f"/board/saved-searches/{response.json()['id']}"
    response = api(client, world.partner_manager, "delete", path)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert SavedSearch.objects.filter(user=world.linguist).exists()
    assert api(client, world.linguist, "delete", "/board/saved-searches/999999").status_code == 404


def test_another_persons_saved_search_is_not_found_from_the_page_either(world, client_as):
    search = services.saved_search_save(by=world.linguist, name="Paris")
    response = client_as(world.partner_manager).post(
        "/board/saved-searches/", {"delete": search.pk}
    )
    assert response.status_code == 404
    assert SavedSearch.objects.filter(pk=search.pk).exists()
