"""WWA: outsourcers rate providers the same way (FAQ 2.23, 3.16); providers choose who sees
their summary (FAQ 3.11)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from dragoman.board import selectors, services
from dragoman.board.models import WWAEntry
from dragoman.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from dragoman.notifications.models import Notification

pytestmark = pytest.mark.django_db

START = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)


def rate(world, outsourcer, provider=None, by=None, **kwargs):
    kwargs.setdefault("rating", 5)
    kwargs.setdefault("work_confirmed", True)
    return services.wwa_create(
        by=by or world.manager, outsourcer=outsourcer, provider=provider or world.linguist, **kwargs
    )


def test_the_outsourcers_people_rate_a_linguist_under_the_pseudonym(world, outsourcer):
    entry = rate(world, outsourcer, comment="Careful and on time.")
    assert entry.status == "pending"
    assert entry.provider_label == world.linguist.linguist_profile.pseudonym
    assert [i.kind for i in selectors.vetting_queue(user=world.staff)] == ["wwa"]


@pytest.mark.parametrize("role", ["linguist", "partner_manager", "other_manager", "staff"])
def test_only_the_outsourcers_people_rate_its_providers(world, outsourcer, role):
    with pytest.raises(Forbidden):
        rate(world, outsourcer, by=world.user(role), provider=world.partner_manager)


def test_a_wwa_entry_is_about_a_provider_who_did_real_work(world, outsourcer):
    with pytest.raises(ValidationFailed):
        rate(world, outsourcer, provider=world.other_manager)
    with pytest.raises(ValidationFailed):
        rate(world, outsourcer, work_confirmed=False)
    services.affiliation_add(by=world.staff, outsourcer=outsourcer, user=world.linguist)
    with pytest.raises(Forbidden):
        rate(world, outsourcer)


@pytest.mark.parametrize(("days", "allowed"), [(364, False), (366, True)])
def test_one_wwa_entry_a_year_per_provider(world, outsourcer, days, allowed):
    with time_machine.travel(START, tick=False):
        rate(world, outsourcer)
    with time_machine.travel(START + timedelta(days=days), tick=False):
        if allowed:
            rate(world, outsourcer, by=world.requester)
        else:
            with pytest.raises(Conflict):
                rate(world, outsourcer, by=world.requester)


def test_staff_vet_wwa_entries_and_the_provider_hears_of_published_ones(world, outsourcer):
    entry = rate(world, outsourcer)
    with pytest.raises(Forbidden):
        services.wwa_vet(by=world.manager, entry=entry, approve=True)
    services.wwa_vet(by=world.staff, entry=entry, approve=True)
    assert Notification.objects.get(kind="board_wwa_received").recipient == world.linguist
    refused = rate(world, outsourcer, provider=world.partner_manager, rating=2)
    with pytest.raises(ValidationFailed):
        services.wwa_vet(by=world.staff, entry=refused, approve=False)
    services.wwa_vet(by=world.staff, entry=refused, approve=False, reason="Explain it")
    assert WWAEntry.objects.get(pk=refused.pk).status == "rejected"


@pytest.mark.parametrize(
    ("visibility", "owner_sees", "others_see"),
    [("hidden", False, False), ("owner", True, False), ("everyone", True, True)],
)
def test_the_provider_chooses_who_sees_the_summary(
    world, outsourcer, visibility, owner_sees, others_see
):
    services.wwa_vet(by=world.staff, entry=rate(world, outsourcer, rating=4), approve=True)
    if visibility != "hidden":
        services.provider_summary_visibility_set(by=world.linguist, visibility=visibility)
    mine = selectors.provider_summary(user=world.linguist, provider_id=world.linguist.pk)
    theirs = selectors.provider_summary(user=world.other_manager, provider_id=world.linguist.pk)
    assert (mine.shown, theirs.shown) == (owner_sees, others_see)
    if others_see:
        assert (theirs.count, theirs.average) == (1, 4.0)
    assert selectors.provider_summary(user=world.staff, provider_id=world.linguist.pk).shown


def test_the_summary_page_and_its_setting(world, client_as, outsourcer):
    services.wwa_vet(by=world.staff, entry=rate(world, outsourcer, rating=4), approve=True)
    path = f"/board/providers/{world.linguist.pk}/"
    assert b"wwa-hidden" in client_as(world.manager).get(path).content
    client_as(world.linguist).post(path, {"visibility": "everyone"})
    page = client_as(world.manager).get(path).content.decode()
    assert "wwa-summary" in page and "4.00" in page and "Secretname" not in page
    assert client_as(world.manager).get(f"/board/providers/{world.manager.pk}/").status_code == 404
    with pytest.raises(NotFound):
        selectors.provider_summary(user=world.manager, provider_id=world.staff.pk)


def test_rating_a_provider_from_the_record_page_by_pseudonym(world, client_as, outsourcer):
    client = client_as(world.manager)
    client.post(
        f"/board/outsourcers/{outsourcer.pk}/wwa/",
        {
            "provider": world.linguist.linguist_profile.pseudonym.upper(),
            "rating": "5",
            "work_confirmed": "on",
        },
    )
    entry = WWAEntry.objects.get()
    assert entry.provider == world.linguist
    client.post(
        f"/board/outsourcers/{outsourcer.pk}/wwa/",
        {"provider": "Partner Agency", "rating": "3", "work_confirmed": "on"},
    )
    assert WWAEntry.objects.filter(provider=world.partner_manager).exists()
    staff = client_as(world.staff)
    assert "WWA entry" in staff.get("/board/vetting/").content.decode()
    staff.post(f"/board/vetting/wwa/{entry.pk}/", {"decision": "approve"})
    entry.refresh_from_db()
    assert entry.status == "published"


def test_wwa_through_the_api(world, client, outsourcer):
    from dragoman.accounts.tests.factories import api

    payload = {
        "outsourcer_id": outsourcer.pk,
        "provider": world.linguist.linguist_profile.pseudonym,
        "rating": 4,
        "work_confirmed": True,
    }
    response = api(client, world.manager, "post", "/board/wwa", payload)
    assert response.status_code == 201
    assert api(client, world.linguist, "post", "/board/wwa", payload).status_code == 403
    entry_id = response.json()["id"]
    path = f"/board/vetting/wwa/{entry_id}"
    assert api(client, world.manager, "post", path, {"approve": True}).status_code == 403
    assert api(client, world.staff, "post", path, {"approve": True}).json()["status"] == "published"
    summary = f"/board/providers/{world.linguist.pk}/summary"
    assert api(client, world.manager, "get", summary).json()["shown"] is False
    body = {"visibility": "everyone"}
    put = api(client, world.linguist, "put", "/board/providers/me/summary-visibility", body)
    assert put.json() == body
    shown = api(client, world.manager, "get", summary).json()
    assert (shown["shown"], shown["count"], shown["average"]) == (True, 1, 4.0)


def test_a_provider_who_is_also_an_outsourcer_shows_its_lwa_beside_its_wwa(
    world, outsourcer, client_as
):
    from dragoman.board.tests.factories import make_entries

    services.affiliation_add(by=world.staff, outsourcer=outsourcer, organisation=world.partner)
    make_entries(outsourcer, [5, 4])
    path = f"/board/providers/{world.partner_manager.pk}/"
    assert b"lwa-summary" not in client_as(world.other_manager).get(path).content
    services.provider_summary_visibility_set(by=world.partner_manager, visibility="everyone")
    html = client_as(world.other_manager).get(path).content.decode()
    assert "lwa-summary" in html and "Acme Client Ltd: 4.50 from 2 entries" in html
