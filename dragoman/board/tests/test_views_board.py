import pytest

from dragoman.board import services
from dragoman.board.models import LWAEntry, Outsourcer
from dragoman.board.tests.factories import make_entries, make_entry, make_outsourcer

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_log_in(world, client):
    for path in ("/board/", "/board/stats/", "/board/outsourcers/new/", "/board/my-entries/"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize(
    "role", ["staff", "partner_manager", "manager", "requester", "observer", "linguist"]
)
def test_every_logged_in_role_has_the_board_in_the_menu_and_can_search(world, client_as, role):
    make_outsourcer("Globex Translations")
    html = client_as(world.user(role)).get("/board/?q=globex").content.decode()
    assert "Reputation board" in html and "Globex Translations" in html


def test_an_empty_search_says_so_and_offers_to_add_the_outsourcer(world, client_as):
    html = client_as(world.linguist).get("/board/?q=zzz").content.decode()
    assert "No outsourcer matches this search." in html
    assert "/board/outsourcers/new/" in html


def test_the_search_answers_htmx_with_the_rows_only(world, client_as):
    make_outsourcer("Globex Translations")
    response = client_as(world.linguist).get("/board/?q=glob", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Globex Translations" in html and "<html" not in html


def test_a_linguist_adds_an_outsourcer_from_the_page(world, client_as):
    response = client_as(world.linguist).post(
        "/board/outsourcers/new/",
        {"name": "Initech", "country": "US", "city": "Austin", "emails": "a@initech.example"},
    )
    record = Outsourcer.objects.get()
    assert response["Location"] == f"/board/outsourcers/{record.pk}/"
    html = client_as(world.linguist).get(response["Location"]).content.decode()
    assert "waits for vetting" in html


def test_a_refused_outsourcer_form_keeps_what_was_typed(world, client_as):
    response = client_as(world.linguist).post(
        "/board/outsourcers/new/", {"name": "Initech", "phones": "12", "city": "Austin"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "is not a phone number" in html and "Austin" in html


def test_a_linguist_sends_an_entry_and_sees_it_waiting_on_my_entries(world, client_as, outsourcer):
    client = client_as(world.linguist)
    response = client.post(
        f"/board/outsourcers/{outsourcer.pk}/entries/",
        {"rating": "4", "comment": "Paid on time.", "work_confirmed": "on"},
    )
    assert response["Location"] == "/board/my-entries/"
    html = client.get("/board/my-entries/").content.decode()
    assert "Paid on time." in html and "Waiting for vetting" in html


def test_an_entry_without_the_work_statement_is_refused_and_the_text_kept(
    world, client_as, outsourcer
):
    response = client_as(world.linguist).post(
        f"/board/outsourcers/{outsourcer.pk}/entries/",
        {"rating": "2", "comment": "Keep this text"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Confirm that you did real work on time." in html and "Keep this text" in html
    assert not LWAEntry.objects.exists()


def test_clients_see_no_entry_form(world, client_as, outsourcer):
    html = client_as(world.other_manager).get(f"/board/outsourcers/{outsourcer.pk}/").content
    assert b"entry-form" not in html
    html = client_as(world.linguist).get(f"/board/outsourcers/{outsourcer.pk}/").content
    assert b"entry-form" in html


def test_a_comment_shows_escaped_with_links_as_plain_text_and_a_missing_one_as_dots(
    world, client_as, outsourcer
):
    make_entry(
        outsourcer,
        rating=2,
        comment='He said "later" <script>alert(1)</script>\nhttp://spam.example',
    )
    make_entry(outsourcer, rating=5, comment="")
    html = client_as(world.other_manager).get(f"/board/outsourcers/{outsourcer.pk}/").content
    html = html.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "&quot;later&quot;" in html
    assert "http://spam.example" in html and 'href="http://spam.example' not in html
    assert '<p class="lwa-comment muted"' in html and "…</p>" in html


def test_the_outsourcer_replies_on_the_page_and_the_author_can_no_longer_correct(
    world, client_as, outsourcer
):
    entry = make_entry(outsourcer, author=world.linguist, comment="Fine")
    page = client_as(world.linguist).get(f"/board/outsourcers/{outsourcer.pk}/").content.decode()
    assert f"/board/entries/{entry.pk}/edit/" in page
    response = client_as(world.manager).post(
        f"/board/entries/{entry.pk}/reply/", {"reply": "Thanks <b>!</b>"}
    )
    assert response.status_code == 302
    page = client_as(world.linguist).get(f"/board/outsourcers/{outsourcer.pk}/").content.decode()
    assert "Thanks &lt;b&gt;!&lt;/b&gt;" in page
    assert f"/board/entries/{entry.pk}/edit/" not in page
    response = client_as(world.linguist).get(f"/board/entries/{entry.pk}/edit/", follow=True)
    assert "can no longer be changed" in response.content.decode()


def test_the_record_page_costs_the_same_queries_for_2_or_20_entries(
    world, client_as, outsourcer, django_assert_num_queries, session_queries
):
    client = client_as(world.partner_manager)
    for _i in range(2):
        make_entry(outsourcer)
    client.get(f"/board/outsourcers/{outsourcer.pk}/")
    with django_assert_num_queries(9 + session_queries) as captured:
        client.get(f"/board/outsourcers/{outsourcer.pk}/")
    for _i in range(18):
        make_entry(outsourcer)
    with django_assert_num_queries(len(captured)):
        html = client.get(f"/board/outsourcers/{outsourcer.pk}/").content.decode()
    assert html.count('data-testid="entry"') == 20


def test_the_search_page_costs_the_same_queries_for_60_or_160_records(
    world, client_as, django_assert_num_queries, session_queries
):
    client = client_as(world.linguist)
    for i in range(60):
        make_outsourcer(f"Agency {i}")
    client.get("/board/")
    with django_assert_num_queries(9 + session_queries) as captured:
        client.get("/board/")
    for i in range(60, 160):
        make_outsourcer(f"Agency {i}")
    with django_assert_num_queries(len(captured)):
        html = client.get("/board/").content.decode()
    assert html.count("/board/outsourcers/") > 50 and "160 outsourcers" in html
    assert "Page 1" in html and "page=2" in html


def test_staff_vet_entries_in_bulk_from_the_queue(world, client_as, outsourcer):
    first = services.entry_create(
        by=world.linguist, outsourcer=outsourcer, rating=4, work_confirmed=True
    )
    second = services.entry_create(
        by=world.partner_manager, outsourcer=outsourcer, rating=5, work_confirmed=True
    )
    client = client_as(world.staff)
    html = client.get("/board/vetting/").content.decode()
    assert html.count('data-testid="queue-item"') == 2
    response = client.post(
        "/board/vetting/entries/", {"entry": [first.pk, second.pk], "decision": "approve"}
    )
    assert response.status_code == 302
    assert set(LWAEntry.objects.values_list("status", flat=True)) == {"published"}
    assert "Nothing waits for vetting." in client.get("/board/vetting/").content.decode()


def test_staff_reject_a_record_from_the_queue_with_a_reason(world, client_as):
    record = services.outsourcer_create(by=world.linguist, name="Bogus")
    client_as(world.staff).post(
        f"/board/vetting/outsourcers/{record.pk}/", {"decision": "reject", "reason": "Fake"}
    )
    record.refresh_from_db()
    assert (record.status, record.rejection_reason) == ("rejected", "Fake")


def test_the_statistics_page_shows_both_periods_and_both_groups(world, client_as):
    make_entries(make_outsourcer("Top Agency"), [5, 5])
    html = client_as(world.observer).get("/board/stats/").content.decode()
    assert "Top Agency" in html
    for testid in ("stats-all-many", "stats-all-few", "stats-12m-many", "stats-12m-few"):
        assert testid in html
    assert "No outsourcer qualifies yet." in html


def test_contact_history_follows_the_setting(world, client_as, outsourcer, settings):
    services.outsourcer_update(by=world.staff, outsourcer=outsourcer, city="Leeds")
    path = f"/board/outsourcers/{outsourcer.pk}/history/"
    html = client_as(world.linguist).get(path).content.decode()
    assert "London" in html and "Leeds" in html
    settings.BOARD_CONTACT_HISTORY_VISIBLE_TO = "staff"
    assert client_as(world.linguist).get(path).status_code == 403
    assert client_as(world.manager).get(path).status_code == 200
    page = client_as(world.linguist).get(f"/board/outsourcers/{outsourcer.pk}/").content
    assert path.encode() not in page


def test_a_record_the_reader_may_not_see_is_a_plain_404(world, client_as):
    record = services.outsourcer_create(by=world.linguist, name="Waiting Ltd")
    assert client_as(world.linguist).get(f"/board/outsourcers/{record.pk}/").status_code == 200
    assert client_as(world.manager).get(f"/board/outsourcers/{record.pk}/").status_code == 404
    assert client_as(world.manager).get("/board/outsourcers/999999/").status_code == 404
    assert client_as(world.manager).get("/board/entries/999999/edit/").status_code == 404


def test_the_record_page_shows_50_entries_at_a_time(world, client_as, outsourcer):
    make_entries(outsourcer, [5] * 51)
    client = client_as(world.observer)
    first = client.get(f"/board/outsourcers/{outsourcer.pk}/").content.decode()
    assert first.count('data-testid="entry"') == 50 and "Older entries" in first
    second = client.get(f"/board/outsourcers/{outsourcer.pk}/?page=2").content.decode()
    assert second.count('data-testid="entry"') == 1 and "Newer entries" in second
    assert "51 entries" in first


@pytest.mark.parametrize(
    "role", ["partner_manager", "manager", "requester", "observer", "linguist"]
)
def test_only_staff_open_the_vetting_queue(world, client_as, role):
    assert client_as(world.user(role)).get("/board/vetting/").status_code == 403
    assert client_as(world.user(role)).post("/board/vetting/entries/").status_code == 403


def test_staff_change_contact_data_on_a_page_and_others_may_not(world, client_as, outsourcer):
    path = f"/board/outsourcers/{outsourcer.pk}/edit/"
    assert client_as(world.manager).get(path).status_code == 403
    client = client_as(world.staff)
    assert "London" in client.get(path).content.decode()
    response = client.post(
        path,
        {"name": "Acme Client Ltd", "country": "GB", "city": "Leeds", "emails": "a@acme.example"},
    )
    assert response.status_code == 302
    outsourcer.refresh_from_db()
    assert (outsourcer.city, outsourcer.emails) == ("Leeds", ["a@acme.example"])
    assert outsourcer.versions.count() == 2


def _pending_entries(world, count):
    for i in range(count):
        record = make_outsourcer(f"Queue {i} {LWAEntry.objects.count()}")
        services.entry_create(by=world.linguist, outsourcer=record, rating=4, work_confirmed=True)


def test_the_vetting_queue_costs_the_same_queries_for_2_or_20_entries(
    world, client_as, django_assert_num_queries, session_queries
):
    client = client_as(world.staff)
    _pending_entries(world, 2)
    client.get("/board/vetting/")
    with django_assert_num_queries(7 + session_queries) as captured:
        client.get("/board/vetting/")
    _pending_entries(world, 18)
    with django_assert_num_queries(len(captured)):
        html = client.get("/board/vetting/").content.decode()
    assert html.count('data-testid="queue-item"') == 20


def test_my_entries_cost_the_same_queries_for_2_or_20_entries(
    world, client_as, django_assert_num_queries, session_queries
):
    client = client_as(world.linguist)
    _pending_entries(world, 2)
    client.get("/board/my-entries/")
    with django_assert_num_queries(7 + session_queries) as captured:
        client.get("/board/my-entries/")
    _pending_entries(world, 18)
    with django_assert_num_queries(len(captured)):
        html = client.get("/board/my-entries/").content.decode()
    assert html.count('data-testid="entry"') == 20
