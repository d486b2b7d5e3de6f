"""Non-payment reports (Blue Board FAQ 1.7, 2.5, 3.14, 3.15, 5.1)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dragoman.board import selectors, services, statistics
from dragoman.board.models import NonPaymentReport
from dragoman.board.tests.factories import make_author, make_entries
from dragoman.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from dragoman.notifications.models import Notification

pytestmark = pytest.mark.django_db

START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def entry_of(world, outsourcer, *, rating=1, by=None, publish=True):
    entry = services.entry_create(
        by=by or world.linguist, outsourcer=outsourcer, rating=rating, work_confirmed=True
    )
    if publish:
        entry = services.entry_approve(by=world.staff, entry=entry)
    return entry


def report_on(entry, by, **overrides):
    data = {
        "amount": "1200.50",
        "currency": "eur",
        "due_date": date(2026, 1, 31),
        "invoice_reference": "INV-2026-007",
    }
    data.update(overrides)
    return services.nonpayment_report_create(by=by, entry=entry, **data)


@pytest.mark.parametrize(("rating", "offered"), [(1, True), (2, True), (3, False)])
def test_a_report_goes_only_with_an_lwa_of_1_or_2(world, outsourcer, rating, offered):
    entry = entry_of(world, outsourcer, rating=rating)
    if offered:
        assert report_on(entry, world.linguist).currency == "EUR"
    else:
        with pytest.raises(Conflict) as error:
            report_on(entry, world.linguist)
        assert error.value.code == "rating_too_high"


def test_only_the_author_reports_and_only_once_per_entry(world, outsourcer):
    entry = entry_of(world, outsourcer)
    with pytest.raises(Forbidden):
        report_on(entry, world.partner_manager)
    report_on(entry, world.linguist)
    with pytest.raises(Conflict):
        report_on(entry, world.linguist)


def test_a_report_needs_amount_currency_a_past_due_date_and_an_invoice(world, outsourcer):
    entry = entry_of(world, outsourcer)
    with pytest.raises(ValidationFailed) as error:
        report_on(
            entry,
            world.linguist,
            amount="0",
            currency="euro",
            due_date=date.today() + timedelta(days=3),
            invoice_reference=" ",
        )
    assert set(error.value.fields) == {"amount", "currency", "due_date", "invoice_reference"}


def test_evidence_takes_documents_and_saved_e_mails_and_refuses_programs(world, outsourcer):
    entry = entry_of(world, outsourcer)
    with pytest.raises(ValidationFailed):
        report_on(
            entry,
            world.linguist,
            evidence=[SimpleUploadedFile("payload.exe", b"MZ")],
        )
    report = report_on(
        entry,
        world.linguist,
        evidence=[
            SimpleUploadedFile("invoice.pdf", b"%PDF-1.4"),
            SimpleUploadedFile("reminder.eml", b"Subject: unpaid"),
        ],
    )
    assert sorted(report.evidence.values_list("name", flat=True)) == [
        "invoice.pdf",
        "reminder.eml",
    ]


def test_the_outsourcer_is_notified_before_the_report_counts(world, outsourcer):
    with time_machine.travel(START, tick=False):
        report = report_on(entry_of(world, outsourcer), world.linguist)
    assert report.status == "notice"
    assert report.contest_until == START + timedelta(days=7)
    notices = Notification.objects.filter(kind="board_nonpayment_notice")
    assert {n.recipient.email for n in notices} == {
        "manager@example.test",
        "requester@example.test",
        "observer@example.test",
    }
    outsourcer.refresh_from_db()
    assert outsourcer.open_nonpayment_count == 0


def test_a_report_on_an_entry_waiting_for_vetting_waits_with_it(world, outsourcer):
    entry = entry_of(world, outsourcer, publish=False)
    report = report_on(entry, world.linguist)
    assert report.status == "waiting_for_entry"
    assert not Notification.objects.filter(kind="board_nonpayment_notice").exists()
    # The outsourcer does not see it yet; the author does.
    with pytest.raises(NotFound):
        selectors.nonpayment_report_get_for_user(user=world.manager, report_id=report.pk)
    services.entry_approve(by=world.staff, entry=entry)
    report.refresh_from_db()
    assert report.status == "notice"
    assert selectors.nonpayment_report_get_for_user(user=world.manager, report_id=report.pk)


def test_a_report_is_withdrawn_with_its_rejected_entry(world, outsourcer):
    entry = entry_of(world, outsourcer, publish=False)
    report = report_on(entry, world.linguist)
    services.entry_reject(by=world.staff, entry=entry, reason="Only a test translation")
    report.refresh_from_db()
    assert report.status == "withdrawn"


@pytest.mark.parametrize(
    ("after", "allowed"), [(timedelta(days=6, hours=23), True), (timedelta(days=7), False)]
)
def test_the_outsourcer_contests_within_the_window(world, outsourcer, after, allowed):
    with time_machine.travel(START, tick=False):
        report = report_on(entry_of(world, outsourcer), world.linguist)
    with time_machine.travel(START + after, tick=False):
        if allowed:
            services.nonpayment_contest(
                by=world.manager,
                report=report,
                reason="Paid on 3 February, see the bank e-mail.",
                evidence=[SimpleUploadedFile("bank.msg", b"...")],
            )
            assert NonPaymentReport.objects.get(pk=report.pk).status == "contested"
        else:
            with pytest.raises(Conflict) as error:
                services.nonpayment_contest(by=world.manager, report=report, reason="Late")
            assert error.value.code == "contest_closed"


def test_the_window_is_a_setting(world, outsourcer, settings):
    settings.BOARD_NONPAYMENT_CONTEST_DAYS = 14
    with time_machine.travel(START, tick=False):
        report = report_on(entry_of(world, outsourcer), world.linguist)
    assert report.contest_until == START + timedelta(days=14)


def test_only_the_outsourcer_contests(world, outsourcer):
    report = report_on(entry_of(world, outsourcer), world.linguist)
    for user in (world.linguist, world.other_manager, world.staff):
        with pytest.raises(Forbidden):
            services.nonpayment_contest(by=user, report=report, reason="No")


def test_an_uncontested_report_opens_when_the_window_ends_and_leaves_the_statistics(
    world, outsourcer
):
    make_entries(outsourcer, [5] * 9)
    with time_machine.travel(START, tick=False):
        report = report_on(entry_of(world, outsourcer, rating=2), world.linguist)
    with time_machine.travel(START + timedelta(days=7) - timedelta(seconds=1), tick=False):
        assert services.nonpayment_reports_open_due() == 0
        rows = statistics.board_statistics(user=world.linguist)["all"]["many"]
        assert [r.name for r in rows] == ["Acme Client Ltd"]  # 47 / 10 = 4.7
    with time_machine.travel(START + timedelta(days=7), tick=False):
        assert services.nonpayment_reports_open_due() == 1
        assert services.nonpayment_reports_open_due() == 0  # safe to run twice
        assert statistics.board_statistics(user=world.linguist)["all"]["many"] == []
    report.refresh_from_db()
    outsourcer.refresh_from_db()
    assert report.status == "open" and outsourcer.open_nonpayment_count == 1


def test_staff_decide_a_contest(world, outsourcer):
    first = report_on(entry_of(world, outsourcer), world.linguist)
    second = report_on(entry_of(world, outsourcer, by=world.partner_manager), world.partner_manager)
    for report in (first, second):
        services.nonpayment_contest(by=world.manager, report=report, reason="Paid")
    with pytest.raises(Forbidden):
        services.nonpayment_contest_decide(by=world.manager, report=first, uphold=True, note="x")
    with pytest.raises(ValidationFailed):
        services.nonpayment_contest_decide(by=world.staff, report=first, uphold=True)
    services.nonpayment_contest_decide(by=world.staff, report=first, uphold=True, note="Proven")
    services.nonpayment_contest_decide(by=world.staff, report=second, uphold=False)
    first.refresh_from_db(), second.refresh_from_db(), outsourcer.refresh_from_db()
    assert (first.status, second.status, outsourcer.open_nonpayment_count) == (
        "withdrawn",
        "open",
        1,
    )


def test_details_are_for_staff_the_author_and_the_outsourcer(world, outsourcer):
    report = report_on(
        entry_of(world, outsourcer),
        world.linguist,
        evidence=[SimpleUploadedFile("invoice.pdf", b"%PDF")],
    )
    evidence = report.evidence.get()
    for user in (world.staff, world.linguist, world.manager, world.observer):
        assert selectors.nonpayment_report_get_for_user(user=user, report_id=report.pk)
        assert selectors.nonpayment_evidence_get_for_user(user=user, evidence_id=evidence.pk)
    for user in (world.partner_manager, world.other_manager):
        with pytest.raises(NotFound):
            selectors.nonpayment_report_get_for_user(user=user, report_id=report.pk)
        with pytest.raises(NotFound):
            selectors.nonpayment_evidence_get_for_user(user=user, evidence_id=evidence.pk)


def test_three_open_reports_from_different_providers_bring_a_staff_review(world, outsourcer):
    third = make_author()
    authors = (world.linguist, world.partner_manager)
    for author in authors:
        report_on(entry_of(world, outsourcer, by=author), author)
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        services.nonpayment_reports_open_due()
    outsourcer.refresh_from_db()
    assert outsourcer.open_nonpayment_count == 2 and outsourcer.review_requested_at is None
    report_on(entry_of(world, outsourcer, by=third), third)
    with time_machine.travel(timezone.now() + timedelta(days=60)):
        services.nonpayment_reports_open_due()
    outsourcer.refresh_from_db()
    assert outsourcer.review_requested_at is not None
    assert Notification.objects.get(kind="board_outsourcer_review").recipient == world.staff
    with pytest.raises(Forbidden):
        services.outsourcer_suspend(by=world.manager, outsourcer=outsourcer, reason="x")
    services.outsourcer_suspend(by=world.staff, outsourcer=outsourcer, reason="3 unpaid")
    assert outsourcer.status == "suspended"
    # A suspended outsourcer stays on the board, with its note.
    assert selectors.outsourcer_search(user=world.linguist, q="acme").get() == outsourcer
    services.outsourcer_reinstate(by=world.staff, outsourcer=outsourcer)
    assert outsourcer.status == "published"


def test_the_author_marks_the_report_paid_and_may_write_a_new_entry(world, outsourcer):
    entry = entry_of(world, outsourcer)
    report = report_on(entry, world.linguist)
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        services.nonpayment_reports_open_due()
    with pytest.raises(Forbidden):
        services.nonpayment_mark_paid(by=world.manager, report=report)
    services.nonpayment_mark_paid(by=world.linguist, report=report)
    entry.refresh_from_db(), outsourcer.refresh_from_db()
    assert entry.status == "deleted"
    assert (outsourcer.open_nonpayment_count, outsourcer.entry_count) == (0, 0)
    with pytest.raises(Conflict):
        services.nonpayment_mark_paid(by=world.linguist, report=report)
    assert entry_of(world, outsourcer, rating=1).status == "published"


def test_the_lwa_cannot_rise_above_2_while_a_report_is_live(world, outsourcer):
    entry = entry_of(world, outsourcer)
    report_on(entry, world.linguist)
    with pytest.raises(Conflict) as error:
        services.entry_edit(by=world.linguist, entry=entry, rating=3)
    assert error.value.code == "nonpayment_open"
    services.entry_edit(by=world.linguist, entry=entry, rating=2, comment="Still unpaid.")


def test_after_a_low_lwa_the_page_offers_a_non_payment_report(world, client_as, outsourcer):
    client = client_as(world.linguist)
    response = client.post(
        f"/board/outsourcers/{outsourcer.pk}/entries/",
        {"rating": "2", "comment": "Unpaid since January.", "work_confirmed": "on"},
    )
    entry = outsourcer.entries.get()
    assert response["Location"] == f"/board/entries/{entry.pk}/non-payment/"
    page = client.get(response["Location"]).content.decode()
    assert "You entered a low LWA for this outsourcer." in page
    response = client.post(
        response["Location"],
        {
            "amount": "300",
            "currency": "EUR",
            "due_date": "2026-01-31",
            "invoice_reference": "17",
            "evidence": [SimpleUploadedFile("invoice.pdf", b"%PDF")],
        },
    )
    assert response["Location"] == f"/board/outsourcers/{outsourcer.pk}/non-payment/"
    page = client.get(response["Location"]).content.decode()
    assert "300.00 EUR" in page and "invoice.pdf" in page
    evidence = NonPaymentReport.objects.get().evidence.get()
    assert client.get(f"/board/non-payment/evidence/{evidence.pk}/").status_code == 200
    other = client_as(world.other_manager)
    assert other.get(f"/board/non-payment/evidence/{evidence.pk}/").status_code == 404
    assert b"300.00" not in other.get(f"/board/outsourcers/{outsourcer.pk}/non-payment/").content


def test_the_outsourcer_contests_from_the_page_and_staff_decide_there(world, client_as, outsourcer):
    report = report_on(entry_of(world, outsourcer), world.linguist)
    path = f"/board/non-payment/{report.pk}/"
    page = client_as(world.manager).get(f"/board/outsourcers/{outsourcer.pk}/non-payment/")
    assert b"Contest this report" in page.content
    client_as(world.manager).post(
        path,
        {
            "action": "contest",
            "reason": "Paid, see the e-mail.",
            "evidence": SimpleUploadedFile("paid.eml", b"..."),
        },
    )
    report.refresh_from_db()
    assert report.status == "contested" and report.evidence.get().side == "outsourcer"
    client_as(world.staff).post(path, {"action": "uphold", "note": "Paid in February."})
    report.refresh_from_db()
    assert report.status == "withdrawn"
