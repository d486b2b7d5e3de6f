"""The activity log shows what changed as people read it, never as stored Python values."""

import pytest
from django.utils import translation

from dragoman.core import audit
from dragoman.core.audit import ChangeLine, describe_changes
from dragoman.linguists.services import linguist_profile_update
from dragoman.orgs.services import contact_update

pytestmark = pytest.mark.django_db

PROFILE = "linguists.linguistprofile"
CONTACT = "orgs.membership"


def profile_change(**changes):
    return describe_changes(changes, action="linguist.updated", target_type=PROFILE)


def test_an_empty_value_reads_as_a_dash_and_a_country_code_as_its_name():
    assert profile_change(country=["", "IE"]) == [ChangeLine("Country", "—", "Ireland")]


def test_language_pairs_read_as_language_names_joined_by_commas(reference_data):
    assert profile_change(language_pairs=[[], ["de>en", "fr>en"]]) == [
        ChangeLine("Language pairs", "—", "German → English, French → English")
    ]


def test_native_languages_read_as_language_names(reference_data):
    assert profile_change(native_languages=[["en"], ["en", "fi"]]) == [
        ChangeLine("Native languages", "English", "English, Finnish")
    ]


def test_services_and_topics_read_as_their_names(reference_data):
    assert profile_change(
        services=[["translation"], ["consecutive", "translation"]],
        specialisations=[[], ["Law and contracts"]],
    ) == [
        ChangeLine("Services", "Translation", "Consecutive interpreting, Translation"),
        ChangeLine("Specialisations", "—", "Law and contracts"),
    ]


def test_booleans_read_as_yes_and_no():
    assert profile_change(is_available=[True, False]) == [
        ChangeLine("Taking new work", "Yes", "No")
    ]


def test_choices_read_as_their_labels_and_a_person_field_by_its_name():
    lines = describe_changes(
        {"role": ["requester", "manager"], "full_name": ["Ann", "Ann Lee"], "phone": ["", "+3581"]},
        action="contact.role_changed",
        target_type=CONTACT,
    )
    assert lines == [
        ChangeLine("Role", "Requester", "Manager"),
        ChangeLine("Full name", "Ann", "Ann Lee"),
        ChangeLine("Phone", "—", "+3581"),
    ]


def test_an_action_that_kept_only_the_new_values_shows_no_before(reference_data):
    lines = describe_changes(
        {"email": "ann@example.test", "role": "observer", "allowed_services": ["translation"]},
        action="contact.created",
        target_type=CONTACT,
    )
    assert lines == [
        ChangeLine("E-mail", None, "ann@example.test"),
        ChangeLine("Role", None, "Observer"),
        ChangeLine("Services this contact may order", None, "Translation"),
    ]


def test_a_board_entry_pairs_its_status_but_not_its_note():
    lines = describe_changes(
        {"status": ["pending", "published"], "note": "Checked"},
        action="board.entry.approved",
        target_type="board.lwaentry",
    )
    assert lines == [
        ChangeLine("Status", "Waiting for vetting", "Published"),
        ChangeLine("Note", None, "Checked"),
    ]


def test_a_key_of_no_known_field_reads_as_words_and_a_stray_code_as_it_was_kept():
    lines = describe_changes(
        {"odd_key": ["a", "b"], "native_languages": [[], ["not a tag!"]]},
        action="linguist.updated",
        target_type="gone.model",
    )
    assert lines == [
        ChangeLine("Odd key", "a", "b"),
        ChangeLine("Native languages", "—", "not a tag!"),
    ]


def test_labels_and_names_come_in_the_readers_language(reference_data):
    with translation.override("ru"):
        lines = profile_change(
            country=["", "IE"],
            language_pairs=[[], ["de>en"]],
            services=[[], ["translation"]],
            is_available=[False, True],
        )
    assert lines == [
        ChangeLine("Страна", "—", "Ирландия"),
        ChangeLine("Языковые пары", "—", "Немецкий → Английский"),
        ChangeLine("Услуги", "—", "Письменный перевод"),
        ChangeLine("Принимает новые заказы", "Нет", "Да"),
    ]


def test_the_staff_dashboard_shows_readable_changes(world, client_as):
    from dragoman.catalog.models import Language

    german, english = Language.objects.get(code="de"), Language.objects.get(code="en")
    profile = world.linguist.linguist_profile
    linguist_profile_update(
        by=world.staff,
        profile=profile,
        country="IE",
        language_pairs=[(german, english)],
        is_available=False,
    )

    html = client_as(world.staff).get("/").content.decode()

    assert (
        'Country: <span class="change-before">—</span> → <span class="change-after">Ireland' in html
    )
    assert '<span class="change-after">German → English</span>' in html
    assert 'work: <span class="change-before">Yes</span> → <span class="change-after">No<' in html
    assert "[&#x27;" not in html and "[[" not in html


def test_an_organisations_activity_shows_readable_changes(world, client_as):
    membership = world.requester.memberships.get()
    contact_update(by=world.manager, membership=membership, role="observer")
    page = client_as(world.manager).get(f"/organisations/{world.client.pk}/activity/")

    html = page.content.decode()
    assert (
        'Role: <span class="change-before">Requester</span> → <span class="change-after">Obs'
        in html
    )


def test_describing_a_page_of_events_looks_services_and_topics_up_once(
    world, django_assert_num_queries
):
    for services in (["translation"], ["consecutive"], ["subtitling"]):
        audit.record(
            actor=world.staff,
            action="linguist.updated",
            target=world.linguist.linguist_profile,
            changes={"services": [[], services], "specialisations": [[], ["Sport"]]},
        )
    events = list(audit.AuditEvent.objects.filter(actor=world.staff, action="linguist.updated"))
    with django_assert_num_queries(2):
        described = audit.describe_events(events)
    assert [e.change_lines[0].after for e in described] == [
        "Subtitling",
        "Consecutive interpreting",
        "Translation",
    ]
