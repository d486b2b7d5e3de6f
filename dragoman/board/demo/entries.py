"""The board's entries, oldest first (the one-a-year rule sees the earlier ones as old): LWA
entries with replies, a refusal, a dispute and non-payment reports; then what waits for
staff, and watching, asking for entries, searches, applications and WWA."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from dragoman.board import models as board
from dragoman.board.demo.steps import BoardDemo
from dragoman.board.services import (
    application_send,
    application_settings_set,
    entry_dispute,
    entry_edit,
    entry_reject,
    entry_request_create,
    nonpayment_contest,
    nonpayment_reports_open_due,
    provider_summary_visibility_set,
    saved_search_save,
    wwa_create,
    wwa_vet,
)
from dragoman.catalog.models import Language, Topic

# Author, record, rating, days ago, comment: published after vetting, nothing else happened.
PLAIN = [
    (
        "linguist1",
        "globalvox",
        5,
        700,
        "Three days of simultaneous interpreting at an energy forum in Vienna. Briefing two "
        "weeks ahead, glossary and speeches the evening before, invoice paid in 21 days as "
        "agreed.",
    ),
    (
        "linguist4",
        "kraemer",
        5,
        660,
        "Sworn translations of company documents, German into English. Precise instructions, "
        "a friendly office, paid by bank transfer within two weeks.",
    ),
    (
        "linguist2",
        "globalvox",
        5,
        640,
        "Contract translation EN→FR, 30 pages. Purchase order before the start, queries "
        "answered within the hour, paid within 30 days.",
    ),
    (
        "linguist4",
        "globalvox",
        5,
        580,
        "Court hearing, German–English consecutive. Well organised; travel booked and paid by "
        "them.",
    ),
    (
        "linguist3",
        "nordic",
        5,
        540,
        "Finnish–English simultaneous interpreting at a medical congress. Excellent booths, "
        "papers a week ahead, paid in 14 days.",
    ),
    (
        "linguist5",
        "globalvox",
        5,
        530,
        "Remote simultaneous interpreting for a product launch. Technical check the day "
        "before, paid in 14 days.",
    ),
    (
        "linguist2",
        "lumiere",
        5,
        520,
        "Quarterly financial statements EN→FR. A style guide, clear instructions and payment "
        "within 45 days, as the purchase order says.",
    ),
    (
        "partner",
        "globalvox",
        5,
        480,
        "We subcontracted a Bulgarian localisation project through them: clear purchase "
        "orders, payment in 30 days to the day.",
    ),
    (
        "linguist2",
        "penalver",
        3,
        430,
        'They called it a "small update" of an existing translation; it turned out to be 40 '
        "new pages at the review rate. Paid, but only after I insisted on the full rate.",
    ),
    (
        "linguist4",
        "dvorak",
        5,
        420,
        "German–English interpreting for a trade delegation in Brno. Everything agreed in "
        "writing, paid in 10 days.",
    ),
    (
        "linguist5",
        "kraemer",
        5,
        380,
        "Steady work on annual reports, German into English. Payment always within 30 days.",
    ),
    (
        "linguist1",
        "globalvox",
        5,
        300,
        "Second year working with them: the same reliability, paid within 30 days every time.",
    ),
    (
        "linguist5",
        "caspian",
        5,
        275,
        "Remote simultaneous interpreting FR→EN for a two-day cardiology session. Good sound, "
        "technicians on call, paid within 30 days.",
    ),
    (
        "linguist2",
        "globalvox",
        5,
        240,
        "Another long contract; the new project manager is just as good.",
    ),
    (
        "linguist3",
        "globalvox",
        4,
        170,
        "Clinical trial documents, FI→EN review. Reference material provided; payment came ten "
        "days late, after one reminder.",
    ),
    (
        "partner",
        "tbilisi",
        4,
        150,
        "Certified Georgian–Bulgarian translations for a client of ours. Good quality; slow "
        "answers in August.",
    ),
    (
        "linguist5",
        "nordic",
        5,
        130,
        "Remote interpreting for a Nordic energy summit: a smooth technical set-up and prompt "
        "payment.",
    ),
    (
        "linguist4",
        "globalvox",
        4,
        110,
        "Arbitration hearing in Frankfurt. Fine work; a last-minute schedule change was not "
        "compensated.",
    ),
    ("linguist1", "penalver", 4, 100, ""),
    (
        "linguist5",
        "lumiere",
        4,
        90,
        "Technical translation FR→EN. Payment terms are 60 days end of month and are in their "
        "supplier terms at https://lumiere-traduction.example/fournisseurs, so read them "
        "before you accept. Paid on the day.",
    ),
    (
        "linguist4",
        "nordwind",
        4,
        60,
        "Supplier calls on wind farm contracts. Well prepared; twice a call ran 30 minutes "
        "over the booked time, which was paid but announced late.",
    ),
    (
        "linguist5",
        "globalvox",
        5,
        45,
        "Wind energy conference, two days in the booth. Excellent preparation material.",
    ),
]


def entries(demo: BoardDemo) -> None:
    at, when = demo.timeline.at, demo.when
    for who, key, rating, days, comment in PLAIN:
        demo.entry(who, key, rating, comment, days)

    answered = demo.entry(
        "linguist2",
        "linguabridge",
        5,
        "Legal translations EN→FR for their clients over several months. Fair deadlines and a "
        "project manager who reads the queries.",
        330,
    )
    demo.reply(
        "partner",
        answered,
        326,
        "Thank you: it is a pleasure to work with translators who ask the right questions.",
    )
    corrected = demo.entry(
        "linguist2",
        "kraemer",
        4,
        "Legal translation DE→FR, 15 pages. Good cooperation; after delivery they wanted to "
        "pay less than the agreed rush surcharge.",
        250,
    )
    _entry, _report, contest_until = demo.unpaid(
        "linguist5",
        "rapid",
        1,
        "A 12,000-word tender translated FR→EN, delivered on time and accepted without "
        "comments. The invoice is still unpaid; e-mails and calls go unanswered.",
        240,
        amount="1440.00",
        overdue=10,
        invoice="MOC-2025-0417",
        evidence=[
            SimpleUploadedFile(
                "invoice-MOC-2025-0417.txt",
                b"Invoice MOC-2025-0417\nTranslation FR-EN, 12,000 words: EUR 1440.00\n",
            )
        ],
    )
    # Nobody contested it within the week: it opened.
    with at(contest_until):
        nonpayment_reports_open_due()
    thanked = demo.entry(
        "linguist1",
        "nordwind",
        5,
        "Monthly supplier calls, German–English consecutive. Agenda and slides always a day "
        "ahead, calls start on time, invoices paid through the platform.",
        200,
    )
    demo.reply(
        "manager",
        thanked,
        195,
        "Thank you! We value the preparation that goes into every call and look forward to "
        "the next season.",
    )
    refused = demo.entry(
        "linguist1",
        "dvorak",
        1,
        "Worst agency in Europe, avoid them at all costs!!! Everybody knows what they are.",
        80,
        publish=False,
    )
    with at(demo.vetted(when(80, "linguist1"), 2)):
        entry_reject(
            by=demo.staff,
            entry=refused,
            reason="An entry explains the rating with facts about your own work with the "
            "outsourcer; general statements and calls to avoid someone are not allowed. "
            "You are welcome to write it again.",
        )
    disputed = demo.entry(
        "linguist3",
        "linguabridge",
        2,
        "Two pages translated EN→FI in March; never paid and no feedback after three reminders.",
        12,
    )
    with at(demo.timeline.ago(0.4)):
        entry_dispute(
            by=demo.people["partner"],
            entry=disputed,
            reason="This was an unpaid test translation, not an order: entries are for real "
            "work only. We have no job with this translator.",
        )
    _late, contested, _until = demo.unpaid(
        "linguist3",
        "caspian",
        2,
        "Interpreting and slide translation for the congress in Batumi. Delivered on time; "
        "the invoice is 40 days overdue and reminders go unanswered.",
        6,
        amount="1860.00",
        overdue=34,
        invoice="AV-2026-041",
    )
    with at(when(2, "caspian.manager")):
        nonpayment_contest(
            by=demo.people["caspian.manager"],
            report=contested,
            reason="We paid this invoice by bank transfer last week; the bank's confirmation "
            "is attached. The transfer may not have reached the interpreter's account yet.",
            evidence=[
                SimpleUploadedFile(
                    "bank-transfer-AV-2026-041.txt",
                    b"Transfer confirmation\nReference AV-2026-041, EUR 1860.00\n",
                )
            ],
        )
    _waiting(demo, corrected)
    _more(demo)


def _waiting(demo: BoardDemo, corrected: board.LWAEntry) -> None:
    """Waiting for staff: a new record with its first entry, and a correction."""
    demo.record(
        "medilingua",
        "linguist3",
        0.25,
        "Medilingua İstanbul",
        "TR",
        "İstanbul",
        "medilingua.example",
        "+902121234567",
        approve=False,
    )
    demo.entry(
        "linguist3",
        "medilingua",
        4,
        "Patient information leaflets EN→FI, 20 pages. Clear instructions and fair rates; "
        "paid in 35 days, five days late.",
        0.2,
        publish=False,
    )
    with demo.timeline.at(demo.timeline.ago(0.05)):
        entry_edit(
            by=demo.people["linguist2"],
            entry=corrected,
            rating=5,
            comment="Legal translation DE→FR, 15 pages. Good cooperation; the rush surcharge "
            "was paid in full in the end, with an apology for the delay.",
        )


def _more(demo: BoardDemo) -> None:
    """Watching, asking for entries, searches, applications and WWA."""
    at, when, people = demo.timeline.at, demo.when, demo.people
    manager, nordwind = people["manager"], demo.records["nordwind"]
    with at(when(20, "linguist3")):
        entry_request_create(
            by=people["linguist3"],
            outsourcer=demo.records["lumiere"],
            message="They offered me a medical project into Finnish. Has anyone worked with "
            "them this year?",
        )
    with at(when(33, "linguist2")):
        saved_search_save(
            by=people["linguist2"],
            name="Agencies in Germany, best first",
            country="DE",
            sort="average",
        )
    with at(when(30, "manager")):
        application_settings_set(
            by=manager,
            outsourcer=nordwind,
            accepting=True,
            pairs=[
                (Language.objects.get(code="de"), Language.objects.get(code="en")),
                (Language.objects.get(code="en"), Language.objects.get(code="de")),
            ],
            specialisations=[Topic.objects.get(name="Energy, oil and gas")],
        )
    with at(when(3, "linguist5")):
        application_send(
            by=people["linguist5"],
            outsourcer=nordwind,
            message="Native English speaker interpreting German and French into English; "
            "energy is my main field (wind and grid projects). Available for your supplier "
            "calls from January.",
        )
    for provider, rating, comment, days in (
        (
            "linguist1",
            5,
            "Fourteen supplier calls without a single problem; precise with technical terms.",
            190,
        ),
        (
            "linguist4",
            4,
            "Reliable and well prepared; sometimes slow to confirm availability.",
            150,
        ),
    ):
        written = when(days, "manager")
        with at(written):
            wwa = wwa_create(
                by=manager,
                outsourcer=nordwind,
                provider=people[provider],
                rating=rating,
                comment=comment,
                work_confirmed=True,
            )
        with at(demo.vetted(written, 5)):
            wwa_vet(by=demo.staff, entry=wwa, approve=True)
    with at(demo.timeline.ago(0.1)):
        wwa_create(
            by=manager,
            outsourcer=nordwind,
            provider=people["partner"],
            rating=5,
            comment="Quotes within a day and careful project management of our translations.",
            work_confirmed=True,
        )
    provider_summary_visibility_set(by=people["linguist1"], visibility="everyone")
