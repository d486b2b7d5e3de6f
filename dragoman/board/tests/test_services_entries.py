from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from dragoman.board import selectors, services
from dragoman.board.enums import EntryStatus
from dragoman.board.models import EntryEvent, LWAEntry, Outsourcer
from dragoman.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from dragoman.notifications.models import Notification

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def write(by, outsourcer, rating=4, comment="Paid within 30 days.", **kwargs):
    kwargs.setdefault("work_confirmed", True)
    return services.entry_create(
        by=by, outsourcer=outsourcer, rating=rating, comment=comment, **kwargs
    )


def published(world, outsourcer, rating=4, by=None, comment="Paid within 30 days."):
    entry = write(by or world.linguist, outsourcer, rating=rating, comment=comment)
    return services.entry_approve(by=world.staff, entry=entry)


# --- Who writes entries -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["linguist", "partner_manager"])
def test_linguists_and_partner_agencies_write_entries_that_wait_for_vetting(
    world, outsourcer, role
):
    entry = write(world.user(role), outsourcer)
    assert entry.status == EntryStatus.PENDING
    assert entry.queued_at is not None
    assert EntryEvent.objects.filter(entry=entry, action="submitted").exists()


def test_a_linguist_shows_under_their_pseudonym_and_a_partner_under_its_agency(world, outsourcer):
    by_linguist = write(world.linguist, outsourcer)
    by_partner = write(world.partner_manager, outsourcer)
    assert by_linguist.author_label == world.linguist.linguist_profile.pseudonym
    assert "Secretname" not in by_linguist.author_label
    assert by_partner.author_label == "Partner Agency"


@pytest.mark.parametrize("role", ["staff", "manager", "requester", "observer", "other_manager"])
def test_people_who_are_not_service_providers_cannot_write_entries(world, outsourcer, role):
    with pytest.raises(Forbidden) as error:
        write(world.user(role), outsourcer)
    assert error.value.code == "not_a_provider"


def test_an_entry_needs_the_author_to_state_real_work_delivered_on_time(world, outsourcer):
    with pytest.raises(ValidationFailed) as error:
        write(world.linguist, outsourcer, work_confirmed=False)
    assert error.value.code == "work_not_confirmed"
    assert "work_confirmed" in error.value.fields
    assert not LWAEntry.objects.exists()


@pytest.mark.parametrize(("rating", "accepted"), [(0, False), (1, True), (5, True), (6, False)])
def test_the_rating_goes_from_1_to_5(world, outsourcer, rating, accepted):
    if accepted:
        assert write(world.linguist, outsourcer, rating=rating).rating == rating
    else:
        with pytest.raises(ValidationFailed):
            write(world.linguist, outsourcer, rating=rating)


def test_nobody_rates_an_outsourcer_they_are_affiliated_with_directly(world, outsourcer):
    services.affiliation_add(by=world.staff, outsourcer=outsourcer, user=world.linguist)
    with pytest.raises(Forbidden) as error:
        write(world.linguist, outsourcer)
    assert error.value.code == "own_outsourcer"


def test_nobody_rates_an_outsourcer_their_organisation_is_affiliated_with(world, outsourcer):
    services.affiliation_add(by=world.staff, outsourcer=outsourcer, organisation=world.partner)
    with pytest.raises(Forbidden) as error:
        write(world.partner_manager, outsourcer)
    assert error.value.code == "own_outsourcer"


def test_the_author_of_a_pending_record_may_rate_it_but_nobody_a_rejected_one(world):
    record = services.outsourcer_create(by=world.linguist, name="Fresh Ltd")
    assert write(world.linguist, record).status == EntryStatus.PENDING
    with pytest.raises(Conflict):
        write(world.partner_manager, record)
    services.outsourcer_reject(by=world.staff, outsourcer=record, reason="Not a buyer")
    with pytest.raises(Conflict):
        write(world.linguist, Outsourcer.objects.get(pk=record.pk), rating=3)


# --- One entry a year -------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "allowed"), [(364, False), (365, True), (366, True)])
def test_one_entry_a_year_per_author_and_outsourcer(world, outsourcer, days, allowed):
    with time_machine.travel(START, tick=False):
        published(world, outsourcer)
    with time_machine.travel(START + timedelta(days=days), tick=False):
        if allowed:
            assert write(world.linguist, outsourcer, rating=2).status == EntryStatus.PENDING
        else:
            with pytest.raises(Conflict) as error:
                write(world.linguist, outsourcer, rating=2)
            assert error.value.code == "entry_once_a_year"
            assert "2027-03-02" in error.value.message


def test_a_rejected_entry_does_not_count_towards_the_yearly_entry(world, outsourcer):
    entry = write(world.linguist, outsourcer)
    services.entry_reject(by=world.staff, entry=entry, reason="Explain the rating")
    assert write(world.linguist, outsourcer, comment="Paid late twice.").status == "pending"


def test_the_yearly_rule_is_per_outsourcer_and_per_author(world, outsourcer):
    other = services.outsourcer_create(by=world.linguist, name="Other Buyer", country="US")
    services.outsourcer_approve(by=world.staff, outsourcer=other)
    write(world.linguist, outsourcer)
    write(world.linguist, other)
    write(world.partner_manager, outsourcer)
    assert LWAEntry.objects.count() == 3


# --- Vetting ----------------------------------------------------------------------------------


def test_staff_publish_an_entry_the_average_follows_and_both_sides_hear_of_it(world, outsourcer):
    entry = write(world.linguist, outsourcer, rating=5)
    outsourcer.refresh_from_db()
    assert outsourcer.entry_count == 0
    services.entry_approve(by=world.staff, entry=entry)
    published(world, outsourcer, rating=2, by=world.partner_manager)
    outsourcer.refresh_from_db()
    assert (outsourcer.entry_count, outsourcer.rating_sum, outsourcer.average_lwa) == (2, 7, 3.5)
    assert Notification.objects.filter(recipient=world.linguist, kind="board_entry_vetted").exists()
    # The client organisation speaks for the outsourcer: each active member hears of it.
    told = set(
        Notification.objects.filter(kind="board_entry_published").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {"manager@example.test", "requester@example.test", "observer@example.test"}


def test_a_rejected_entry_tells_the_author_why_and_stays_out_of_the_average(world, outsourcer):
    entry = write(world.linguist, outsourcer, rating=1)
    with pytest.raises(ValidationFailed):
        services.entry_reject(by=world.staff, entry=entry, reason="")
    services.entry_reject(by=world.staff, entry=entry, reason="A comment may not advertise.")
    mine = selectors.entry_get_for_user(user=world.linguist, entry_id=entry.pk)
    assert (mine.status, mine.status_reason) == ("rejected", "A comment may not advertise.")
    note = Notification.objects.get(recipient=world.linguist, kind="board_entry_vetted")
    assert note.body == "A comment may not advertise."
    outsourcer.refresh_from_db()
    assert outsourcer.entry_count == 0


@pytest.mark.parametrize(
    "role", ["partner_manager", "manager", "requester", "observer", "linguist", "other_manager"]
)
def test_only_staff_vet_entries(world, outsourcer, role):
    entry = write(world.linguist, outsourcer)
    with pytest.raises(Forbidden):
        services.entry_approve(by=world.user(role), entry=entry)
    with pytest.raises(Forbidden):
        services.entries_vet(by=world.user(role), entries=[entry], approve=True)


def test_an_entry_is_vetted_once(world, outsourcer):
    entry = published(world, outsourcer)
    with pytest.raises(Conflict):
        services.entry_reject(by=world.staff, entry=entry, reason="too late")


def test_staff_vet_several_entries_at_once_and_skip_those_decided_meanwhile(world, outsourcer):
    other = services.outsourcer_create(by=world.linguist, name="Second", country="US")
    first = write(world.linguist, outsourcer)
    second = write(world.linguist, other)
    third = write(world.partner_manager, outsourcer)
    services.entry_approve(by=world.staff, entry=third)
    stale = [first, second, third]
    assert services.entries_vet(by=world.staff, entries=stale, approve=False, reason="x") == 2
    with pytest.raises(ValidationFailed):
        services.entries_vet(by=world.staff, entries=stale, approve=False, reason="")
    assert set(LWAEntry.objects.values_list("status", flat=True)) == {"rejected", "published"}


def test_the_queue_shows_the_oldest_first_with_its_waiting_time(world, outsourcer):
    with time_machine.travel(START, tick=False):
        old = write(world.linguist, outsourcer)
    with time_machine.travel(START + timedelta(hours=11), tick=False):
        new = write(world.partner_manager, outsourcer)
    with time_machine.travel(START + timedelta(hours=12, minutes=1), tick=False):
        queue = [i for i in selectors.vetting_queue(user=world.staff) if i.kind == "entry"]
    assert [i.obj for i in queue] == [old, new]
    assert queue[0].waiting == timedelta(hours=12, minutes=1) and queue[0].overdue
    assert not queue[1].overdue
    with pytest.raises(Forbidden):
        selectors.vetting_queue(user=world.linguist)


# --- Corrections ------------------------------------------------------------------------------


def test_a_correction_hides_the_entry_until_vetted_and_keeps_the_published_text(world, outsourcer):
    entry = published(world, outsourcer, rating=4, comment="Fine.")
    services.entry_edit(by=world.linguist, entry=entry, rating=2, comment="They stopped paying.")
    entry.refresh_from_db()
    assert (entry.status, entry.rating, entry.comment) == ("edit_pending", 4, "Fine.")
    assert (entry.pending_rating, entry.pending_comment) == (2, "They stopped paying.")
    page = selectors.record_page(user=world.partner_manager, outsourcer_id=outsourcer.pk)
    assert page.entries == []
    outsourcer.refresh_from_db()
    assert outsourcer.entry_count == 0
    services.entry_approve(by=world.staff, entry=entry)
    entry.refresh_from_db()
    assert (entry.status, entry.rating, entry.comment) == ("published", 2, "They stopped paying.")
    assert entry.pending_rating is None
    outsourcer.refresh_from_db()
    assert outsourcer.average_lwa == 2


def test_a_refused_correction_brings_back_the_published_text(world, outsourcer):
    entry = published(world, outsourcer, rating=4, comment="Fine.")
    services.entry_edit(by=world.linguist, entry=entry, rating=1, comment="Visit www.me.example")
    services.entry_reject(by=world.staff, entry=entry, reason="Advertising")
    entry.refresh_from_db()
    assert (entry.status, entry.rating, entry.comment) == ("published", 4, "Fine.")
    assert entry.status_reason == "Advertising"
    outsourcer.refresh_from_db()
    assert outsourcer.average_lwa == 4


def test_only_the_author_corrects_an_entry(world, outsourcer):
    entry = published(world, outsourcer)
    with pytest.raises(Forbidden):
        services.entry_edit(by=world.partner_manager, entry=entry, rating=1)


@pytest.mark.parametrize(("days", "editable"), [(364, True), (366, False)])
def test_an_entry_can_be_corrected_for_a_year(world, outsourcer, days, editable):
    with time_machine.travel(START, tick=False):
        entry = published(world, outsourcer)
    with time_machine.travel(START + timedelta(days=days), tick=False):
        if editable:
            services.entry_edit(by=world.linguist, entry=entry, rating=3)
            assert LWAEntry.objects.get(pk=entry.pk).status == "edit_pending"
        else:
            with pytest.raises(Conflict) as error:
                services.entry_edit(by=world.linguist, entry=entry, rating=3)
            assert error.value.code == "entry_not_editable"


def test_a_rejected_entry_corrected_by_its_author_goes_back_to_the_queue(world, outsourcer):
    entry = write(world.linguist, outsourcer, comment="Contact me privately for details")
    services.entry_reject(by=world.staff, entry=entry, reason="Say why, FAQ 3.1")
    services.entry_edit(by=world.linguist, entry=entry, rating=3, comment="Paid 60 days late.")
    entry.refresh_from_db()
    assert (entry.status, entry.status_reason) == ("pending", "")
    assert entry.comment == "Paid 60 days late."
    assert entry.queued_at is not None


# --- Replies and disputes ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "requester", "observer"])
def test_people_affiliated_with_the_outsourcer_reply_once(world, outsourcer, role):
    entry = published(world, outsourcer)
    services.entry_reply(by=world.user(role), entry=entry, reply="We paid on 3 March.")
    entry.refresh_from_db()
    assert entry.reply == "We paid on 3 March." and entry.replied_at is not None
    with pytest.raises(Conflict) as error:
        services.entry_reply(by=world.manager, entry=entry, reply="And again")
    assert error.value.code == "already_replied"
    assert Notification.objects.filter(
        recipient=world.linguist, kind="board_entry_replied"
    ).exists()


@pytest.mark.parametrize("role", ["staff", "partner_manager", "linguist", "other_manager"])
def test_people_not_affiliated_with_the_outsourcer_cannot_reply(world, outsourcer, role):
    entry = published(world, outsourcer, by=world.partner_manager)
    with pytest.raises(Forbidden):
        services.entry_reply(by=world.user(role), entry=entry, reply="Hello")


def test_an_unpublished_entry_cannot_be_answered(world, outsourcer):
    entry = write(world.linguist, outsourcer)
    with pytest.raises(Conflict):
        services.entry_reply(by=world.manager, entry=entry, reply="Hello")


def test_after_a_reply_the_entry_can_no_longer_be_corrected(world, outsourcer):
    entry = published(world, outsourcer)
    services.entry_reply(by=world.manager, entry=entry, reply="Thank you")
    with pytest.raises(Conflict) as error:
        services.entry_edit(by=world.linguist, entry=entry, rating=1)
    assert "replied" in error.value.message


def test_a_disputed_entry_is_hidden_and_its_author_sees_why(world, outsourcer):
    entry = published(world, outsourcer, rating=1)
    with pytest.raises(Forbidden):
        services.entry_dispute(by=world.other_manager, entry=entry, reason="x")
    services.entry_dispute(by=world.manager, entry=entry, reason="The author never worked for us.")
    page = selectors.record_page(user=world.partner_manager, outsourcer_id=outsourcer.pk)
    assert page.entries == []
    own = selectors.record_page(user=world.linguist, outsourcer_id=outsourcer.pk).own_hidden
    assert [(e.status, e.status_reason) for e in own] == [
        ("disputed", "The author never worked for us.")
    ]
    outsourcer.refresh_from_db()
    assert outsourcer.entry_count == 0
    note = Notification.objects.get(recipient=world.linguist, kind="board_entry_disputed")
    assert note.body == "The author never worked for us."
    with pytest.raises(Conflict):
        services.entry_edit(by=world.linguist, entry=entry, rating=2)


def test_staff_dismiss_a_dispute_and_the_entry_shows_again(world, outsourcer):
    entry = published(world, outsourcer, rating=2)
    services.entry_dispute(by=world.manager, entry=entry, reason="Unfair")
    with pytest.raises(Forbidden):
        services.entry_dispute_resolve(by=world.manager, entry=entry, uphold=False)
    services.entry_dispute_resolve(by=world.staff, entry=entry, uphold=False)
    entry.refresh_from_db()
    assert entry.status == "published" and entry.queued_at is None
    outsourcer.refresh_from_db()
    assert outsourcer.entry_count == 1
    assert Notification.objects.filter(kind="board_dispute_resolved").count() == 4


def test_staff_uphold_a_dispute_with_a_reason_and_the_entry_is_removed(world, outsourcer):
    entry = published(world, outsourcer, rating=2)
    services.entry_dispute(by=world.manager, entry=entry, reason="Only a test translation")
    with pytest.raises(ValidationFailed):
        services.entry_dispute_resolve(by=world.staff, entry=entry, uphold=True)
    services.entry_dispute_resolve(
        by=world.staff, entry=entry, uphold=True, note="FAQ 2.13: tests do not count."
    )
    mine = selectors.entry_get_for_user(user=world.linguist, entry_id=entry.pk)
    assert (mine.status, mine.status_reason) == ("deleted", "FAQ 2.13: tests do not count.")
    with pytest.raises(NotFound):
        selectors.entry_get_for_user(user=world.manager, entry_id=entry.pk)
    # A removed entry makes room for a new one (FAQ 2.5).
    assert write(world.linguist, outsourcer).status == "pending"


# --- Comments ---------------------------------------------------------------------------------


def test_a_comment_is_kept_exactly_as_typed_with_quotes_links_and_markup(world, outsourcer):
    comment = 'They said "urgent" <script>alert(1)</script> see http://spam.example'
    entry = write(world.linguist, outsourcer, comment=comment)
    assert LWAEntry.objects.get(pk=entry.pk).comment == comment
    assert entry.comment_flags == ["link"]


def test_advertising_and_contact_me_privately_are_flagged_for_the_vetter(world, outsourcer):
    entry = write(world.linguist, outsourcer, comment="Contact me privately for further details")
    assert entry.comment_flags == ["contact_privately"]
    other = services.outsourcer_create(by=world.linguist, name="Second", country="US")
    ad = write(world.linguist, other, comment="Great agency. Hire me: best rates at www.me.example")
    assert ad.comment_flags == ["link", "advertising"]


# --- Visibility -------------------------------------------------------------------------------


def test_unvetted_and_rejected_entries_are_seen_by_their_author_and_staff_only(world, outsourcer):
    waiting = write(world.linguist, outsourcer)
    refused = write(world.partner_manager, outsourcer)
    services.entry_reject(by=world.staff, entry=refused, reason="No")
    for entry, author in ((waiting, world.linguist), (refused, world.partner_manager)):
        assert selectors.entry_get_for_user(user=author, entry_id=entry.pk)
        assert selectors.entry_get_for_user(user=world.staff, entry_id=entry.pk)
        for reader in (world.manager, world.other_manager, world.observer):
            with pytest.raises(NotFound):
                selectors.entry_get_for_user(user=reader, entry_id=entry.pk)
    assert selectors.record_page(user=world.manager, outsourcer_id=outsourcer.pk).entries == []
    staff_page = selectors.record_page(user=world.staff, outsourcer_id=outsourcer.pk)
    assert {e.pk for e in staff_page.entries} == {waiting.pk, refused.pk}


def test_staff_hide_a_reply_that_breaks_the_rules_and_keep_its_text(world, client_as, outsourcer):
    entry = published(world, outsourcer)
    services.entry_reply(by=world.manager, entry=entry, reply="The translator is lazy.")
    with pytest.raises(Forbidden):
        services.entry_reply_hide(by=world.linguist, entry=entry, reason="Personal remark")
    with pytest.raises(ValidationFailed):
        services.entry_reply_hide(by=world.staff, entry=entry, reason="")
    services.entry_reply_hide(by=world.staff, entry=entry, reason="Personal remark (FAQ 1.2)")
    entry.refresh_from_db()
    assert entry.reply == "The translator is lazy."
    page = client_as(world.partner_manager).get(f"/board/outsourcers/{outsourcer.pk}/")
    html = page.content.decode()
    assert "Staff removed the outsourcer's reply." in html and "lazy" not in html
    assert Notification.objects.filter(
        recipient=world.manager, kind="board_dispute_resolved"
    ).exists()
    # Still closed to corrections: the outsourcer did reply.
    with pytest.raises(Conflict):
        services.entry_edit(by=world.linguist, entry=entry, rating=1)
