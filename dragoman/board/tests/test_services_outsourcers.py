import pytest

from dragoman.board import selectors, services
from dragoman.board.enums import OutsourcerStatus
from dragoman.board.models import Outsourcer
from dragoman.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from dragoman.core.models import AuditEvent
from dragoman.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role", ["staff", "partner_manager", "manager", "requester", "observer", "linguist"]
)
def test_any_registered_user_adds_an_outsourcer_that_waits_for_vetting(world, role):
    record = services.outsourcer_create(
        by=world.user(role),
        name="  Société   Générale de Traduction ",
        country="fr",
        city="Orléans",
        website="traduction.example",
        emails=["Info@Traduction.example", ""],
        phones=["+33 1 42 68 53 00"],
    )
    assert record.status == OutsourcerStatus.PENDING
    assert record.name == "Société Générale de Traduction"
    assert record.search_name == "societe generale de traduction"
    assert record.search_city == "orleans"
    assert record.website == "https://traduction.example"
    assert record.emails == ["info@traduction.example"]
    assert record.phones == ["+33142685300"]
    assert record.versions.count() == 1


def test_an_anonymous_visitor_cannot_add_an_outsourcer(world):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Forbidden):
        services.outsourcer_create(by=AnonymousUser(), name="Nobody Inc")


def test_bad_contact_data_is_refused_field_by_field(world):
    with pytest.raises(ValidationFailed) as error:
        services.outsourcer_create(
            by=world.linguist, name=" ", emails=["not-an-address"], phones=["12"]
        )
    assert set(error.value.fields) == {"name", "emails", "phones"}


def test_the_same_name_in_the_same_country_is_refused_while_it_is_on_the_board(world):
    services.outsourcer_create(by=world.linguist, name="Globex", country="DE")
    with pytest.raises(Conflict) as error:
        services.outsourcer_create(by=world.partner_manager, name="GLOBEX", country="DE")
    assert error.value.code == "duplicate_outsourcer"
    # Another country is another outsourcer.
    services.outsourcer_create(by=world.partner_manager, name="Globex", country="AT")


def test_a_pending_record_is_seen_only_by_its_author_and_staff(world):
    record = services.outsourcer_create(by=world.linguist, name="Hidden Ltd")
    assert selectors.outsourcer_get_for_user(user=world.linguist, outsourcer_id=record.pk)
    assert selectors.outsourcer_get_for_user(user=world.staff, outsourcer_id=record.pk)
    with pytest.raises(NotFound):
        selectors.outsourcer_get_for_user(user=world.partner_manager, outsourcer_id=record.pk)
    assert not selectors.outsourcer_search(user=world.linguist, q="hidden").exists()


def test_staff_approve_a_record_and_its_author_hears_of_it(world):
    record = services.outsourcer_create(by=world.linguist, name="Initech")
    services.outsourcer_approve(by=world.staff, outsourcer=record)
    assert record.status == OutsourcerStatus.PUBLISHED
    assert selectors.outsourcer_search(user=world.manager, q="init").get() == record
    assert Notification.objects.filter(
        recipient=world.linguist, kind="board_outsourcer_vetted"
    ).exists()
    assert AuditEvent.objects.filter(action="board.outsourcer.approved").exists()


def test_staff_reject_a_record_with_a_reason_its_author_reads(world):
    record = services.outsourcer_create(by=world.linguist, name="Vandelay")
    with pytest.raises(ValidationFailed):
        services.outsourcer_reject(by=world.staff, outsourcer=record, reason=" ")
    services.outsourcer_reject(by=world.staff, outsourcer=record, reason="Duplicate of #1")
    page = selectors.record_page(user=world.linguist, outsourcer_id=record.pk)
    assert page.outsourcer.rejection_reason == "Duplicate of #1"
    with pytest.raises(NotFound):
        selectors.outsourcer_get_for_user(user=world.manager, outsourcer_id=record.pk)


@pytest.mark.parametrize(
    "role", ["partner_manager", "manager", "requester", "observer", "linguist", "other_manager"]
)
def test_only_staff_vet_records(world, role):
    record = services.outsourcer_create(by=world.linguist, name="Umbrella")
    with pytest.raises(Forbidden):
        services.outsourcer_approve(by=world.user(role), outsourcer=record)


def test_a_record_is_vetted_once(world):
    record = services.outsourcer_create(by=world.linguist, name="Umbrella")
    services.outsourcer_approve(by=world.staff, outsourcer=record)
    with pytest.raises(Conflict):
        services.outsourcer_reject(by=world.staff, outsourcer=record, reason="late")


def test_only_staff_change_contact_data_and_each_change_is_a_new_version(world, outsourcer):
    with pytest.raises(Forbidden):
        services.outsourcer_update(by=world.manager, outsourcer=outsourcer, city="Leeds")
    services.outsourcer_update(by=world.staff, outsourcer=outsourcer, city="Leeds")
    services.outsourcer_update(by=world.staff, outsourcer=outsourcer, city="Leeds")  # no change
    services.outsourcer_update(by=world.staff, outsourcer=outsourcer, emails=["a@acme.example"])
    versions = list(selectors.contact_history(user=world.linguist, outsourcer=outsourcer))
    assert [(v.number, v.city, v.emails) for v in versions] == [
        (3, "Leeds", ["a@acme.example"]),
        (2, "Leeds", []),
        (1, "London", []),
    ]
    assert Outsourcer.objects.get(pk=outsourcer.pk).search_city == "leeds"


def test_old_contact_data_is_kept_to_staff_and_the_outsourcer_when_the_setting_says_so(
    world, outsourcer, settings
):
    settings.BOARD_CONTACT_HISTORY_VISIBLE_TO = "staff"
    assert selectors.contact_history(user=world.staff, outsourcer=outsourcer).exists()
    assert selectors.contact_history(user=world.manager, outsourcer=outsourcer).exists()
    with pytest.raises(Forbidden):
        selectors.contact_history(user=world.linguist, outsourcer=outsourcer)
    settings.BOARD_CONTACT_HISTORY_VISIBLE_TO = "registered"
    assert selectors.contact_history(user=world.linguist, outsourcer=outsourcer).exists()


def test_only_staff_affiliate_profiles_and_organisations(world, outsourcer):
    with pytest.raises(Forbidden):
        services.affiliation_add(by=world.manager, outsourcer=outsourcer, user=world.manager)
    affiliation = services.affiliation_add(
        by=world.staff, outsourcer=outsourcer, user=world.other_manager
    )
    assert outsourcer.affiliations.count() == 2
    services.affiliation_remove(by=world.staff, affiliation=affiliation)
    assert outsourcer.affiliations.count() == 1
