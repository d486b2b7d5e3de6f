"""The demo requests' stories: a year of supplier calls and past work of every linguist for
both clients, requests waiting for each person, a draft and a cancelled event."""

from __future__ import annotations

from dragoman.core.demo import clock_for
from dragoman.orders.demo.story import Step, Story


def _quote(by: str, days: float, *lines: tuple[str, str, str, str], note: str = "") -> Step:
    return Step("quote", by, days, clock_for(f"quote {days} {lines}"), note=note, lines=lines)


def _monthly_calls() -> list[Story]:
    """A year of supplier calls for Nordwind Energy: the dashboards' charts have months to
    draw, and the suggestions know who interpreted for this client before."""
    months_back = [11, 10, 9, 9, 8, 7, 6, 6, 5, 4, 3, 3, 2, 1, 1]
    stories = []
    for index, back in enumerate(months_back):
        who = "linguist1" if index % 3 else "linguist4"
        by = "requester" if index % 2 else "manager"
        day = 30 * back - 10 * (index % 2)  # two calls in one month are ten days apart
        title = f"Monthly supplier call ({index + 1})"
        line = ("Consecutive interpreting", "1.5", "hour", str(110 + 5 * (index % 4)))
        steps = [
            Step("ask", by, day + 21, clock_for(title)),
            _quote("staff", day + 20, line),
            Step("accept_quote", by, day + 19, clock_for(f"{title} accepted")),
        ]
        if index == 6:  # one was called off before anybody was found
            steps.append(Step("cancel", by, day + 12, "11:10", note="Supplier cancelled."))
        else:
            steps += [
                Step("offer", "staff", day + 18, "10:10", linguist=who),
                Step("accept_offer", who, day + 18, "13:40"),
                Step("deliver", who, day, "15:20"),
                Step("complete", by, day - 1, clock_for(f"{title} done")),
            ]
        stories.append(
            Story(
                title=title,
                service="consecutive",
                pair=("de", "en"),
                topic="Energy, oil and gas",
                zone="Europe/Berlin",
                when=(day, "10:00"),
                duration=90,
                platform="teams",
                steps=tuple(steps),
            )
        )
    return stories


def _translation_done(
    title: str,
    *,
    by: str,
    linguist: str,
    pair: tuple[str, str],
    topic: str,
    zone: str,
    deadline: int,
    asked: int,
    pages: int,
    price: str,
    source: str,
    deliverable: str,
    notes: str = "",
) -> Story:
    """A finished translation: asked, quoted per page, done by ``linguist`` a day early."""
    line = (f"Translation {pair[0].upper()}→{pair[1].upper()}", str(pages), "page", price)
    return Story(
        title=title,
        service="translation",
        pair=pair,
        topic=topic,
        zone=zone,
        when=(deadline, "17:00"),
        notes=notes,
        steps=(
            Step("ask", by, asked, clock_for(title)),
            Step("source", by, asked, "16:50", file=(source, f"{title}\n")),
            _quote("staff", asked - 1, line),
            Step("accept_quote", by, asked - 2, "09:40"),
            Step("offer", "staff", asked - 2, "14:15", linguist=linguist),
            Step("accept_offer", linguist, asked - 2, "16:30"),
            Step("deliverable", linguist, deadline + 1, "15:10", file=(deliverable, title)),
            Step("deliver", linguist, deadline + 1, "15:15"),
            Step("complete", by, deadline, "10:20"),
        ),
    )


def _event_done(
    title: str,
    *,
    by: str,
    linguist: str,
    service: str,
    pair: tuple[str, str],
    topic: str,
    zone: str,
    day: int,
    clock: str,
    hours: float,
    platform: str,
    price: str,
    asked: int,
    notes: str = "",
) -> Story:
    """A past event: asked weeks ahead, quoted per hour, interpreted and completed."""
    unit = "Simultaneous interpreting" if service == "simultaneous" else "Consecutive interpreting"
    return Story(
        title=title,
        service=service,
        pair=pair,
        topic=topic,
        zone=zone,
        when=(day, clock),
        duration=int(hours * 60),
        platform=platform,
        notes=notes,
        steps=(
            Step("ask", by, asked, clock_for(title)),
            _quote("staff", asked - 1, (unit, str(hours), "hour", price)),
            Step("accept_quote", by, asked - 2, "11:30"),
            Step("offer", "staff", asked - 3, "10:45", linguist=linguist),
            Step("accept_offer", linguist, asked - 3, "15:05"),
            Step("deliver", linguist, day, "17:30"),
            Step("complete", by, day - 1, "09:45"),
        ),
    )


NEGOTIATIONS = Story(
    title="Wind farm supplier negotiations",
    service="simultaneous",
    pair=("de", "en"),
    topic="Energy, oil and gas",
    zone="Europe/Berlin",
    when=(-9, "10:00"),
    duration=180,
    platform="zoom",
    link="https://zoom.example/j/4815162342",
    support=True,
    notes="Two German speakers, one English. Slides follow.",
    steps=(
        Step("ask", "requester", 6, "10:40"),
        _quote(
            "staff",
            5,
            ("Simultaneous interpreting, 2 interpreters", "3", "hour", "240"),
            ("Technical support", "1", "event", "150"),
            note="Two interpreters in the booth for three hours.",
        ),
        Step("accept_quote", "requester", 4, "09:15", note="Agreed."),
        # Offered just now: an offer unanswered for a day goes back to the queue.
        Step("offer", "staff", 0, linguist="linguist1"),
    ),
)

ANNUAL_REPORT = Story(
    title="Annual report 2026, chapters 1–5",
    service="translation",
    pair=("de", "fr"),
    topic="Finance and banking",
    zone="Europe/Berlin",
    when=(-10, "17:00"),
    notes="About 40 pages; the figures stay as they are.",
    steps=(
        Step("ask", "requester", 12, "09:05"),
        Step(
            "source",
            "requester",
            12,
            "09:20",
            file=(
                "Geschäftsbericht-2026-Kapitel-1-5.txt",
                "Geschäftsbericht 2026\n\n1. Das Jahr im Überblick\n",
            ),
        ),
        _quote("staff", 11, ("Translation DE→FR", "40", "page", "32")),
        Step("accept_quote", "requester", 11, "15:45"),
        Step("offer", "staff", 10, "09:40", linguist="linguist2"),
        Step("accept_offer", "linguist2", 10, "11:05"),
        Step(
            "deliverable",
            "linguist2",
            2,
            "17:20",
            file=(
                "Rapport-annuel-2026-chapitres-1-3.txt",
                "Rapport annuel 2026\n\n1. L’année en bref\n",
            ),
        ),
        Step("progress", "linguist2", 2, "17:25", percent=60, note="Chapters 1–3 translated."),
    ),
)

# Requests waiting for each person: staff quote the site visit, the requester answers the
# safety manual's quote, and staff assign the board meeting (three interpreters have its
# pair, and the suggestions rank them).
WAITING = [
    Story(
        title="Site visit",
        service="consecutive",
        pair=("de", "ru"),
        topic="Energy, oil and gas",
        zone="Europe/Berlin",
        when=(-25, "08:30"),
        duration=240,
        platform="other",
        notes="On site at the substation; safety shoes are provided.",
        steps=(Step("ask", "requester", 1, "11:35"),),
    ),
    Story(
        title="Safety manual for the service crews",
        service="translation",
        pair=("de", "en"),
        topic="Energy, oil and gas",
        zone="Europe/Berlin",
        when=(-21, "17:00"),
        notes="18 pages, with figures.",
        steps=(
            Step("ask", "requester", 4, "13:10"),
            _quote(
                "staff",
                3,
                ("Translation DE→EN", "18", "page", "30"),
                ("Proofreading", "18", "page", "8"),
                note="Including a second reading by a native speaker.",
            ),
        ),
    ),
    Story(
        title="Supervisory board meeting",
        service="simultaneous",
        pair=("de", "en"),
        topic="Finance and banking",
        zone="Europe/Berlin",
        when=(-16, "14:00"),
        duration=150,
        platform="dragoman",
        support=True,
        steps=(
            Step("ask", "requester", 8, "10:20"),
            _quote("staff", 6, ("Simultaneous interpreting, 2 interpreters", "2.5", "hour", "240")),
            Step("accept_quote", "requester", 4, "16:15"),
        ),
    ),
]

# Requests that are not going anywhere: a draft, and an event called off.
STILL = [
    Story(
        title="Grid connection contract",
        service="translation",
        pair=("de", "ru"),
        topic="Law and contracts",
        zone="Europe/Berlin",
        when=(-14, "17:00"),
        notes="About 12 pages.",
        steps=(Step("draft", "requester", 1, "16:10"),),
    ),
    Story(
        title="Press conference in Tbilisi",
        service="consecutive",
        pair=("en", "ka"),
        topic="Politics and diplomacy",
        zone="Asia/Tbilisi",
        when=(-20, "11:00"),
        duration=60,
        platform="other",
        steps=(
            Step("ask", "manager", 5, "14:30"),
            Step("cancel", "manager", 2, "09:50", note="Event postponed."),
        ),
    ),
]

# Past work of every linguist besides the supplier calls, with both clients.
PAST_WORK = [
    _translation_done(
        "Supply framework agreement with Éoliennes du Rhône",
        by="manager",
        linguist="linguist2",
        pair=("de", "fr"),
        topic="Law and contracts",
        zone="Europe/Berlin",
        deadline=128,
        asked=140,
        pages=22,
        price="34",
        source="Rahmenvertrag-Eoliennes-du-Rhone.txt",
        deliverable="Accord-cadre-Eoliennes-du-Rhone.txt",
    ),
    _translation_done(
        "Letter to the French investors, third quarter",
        by="manager",
        linguist="linguist2",
        pair=("de", "fr"),
        topic="Finance and banking",
        zone="Europe/Berlin",
        deadline=44,
        asked=50,
        pages=4,
        price="34",
        source="Investorenbrief-Q3.txt",
        deliverable="Lettre-aux-investisseurs-T3.txt",
    ),
    _event_done(
        "Supplier audit call with Kansai Turbine Works",
        by="manager",
        linguist="linguist4",
        service="consecutive",
        pair=("en", "de"),
        topic="Energy, oil and gas",
        zone="Asia/Tokyo",
        day=150,
        clock="16:00",
        hours=2,
        platform="teams",
        price="120",
        asked=165,
        notes="The supplier's quality team in Osaka, our engineers in Hamburg.",
    ),
    _event_done(
        "Cardiology session, day 1",
        by="caspian.manager",
        linguist="linguist5",
        service="simultaneous",
        pair=("fr", "en"),
        topic="Medicine and pharmaceuticals",
        zone="Asia/Tbilisi",
        day=291,
        clock="10:00",
        hours=6,
        platform="zoom",
        price="150",
        asked=320,
        notes="French-speaking cardiologists; the audience listens in English.",
    ),
    _event_done(
        "Cardiology session, day 2",
        by="caspian.manager",
        linguist="linguist5",
        service="simultaneous",
        pair=("fr", "en"),
        topic="Medicine and pharmaceuticals",
        zone="Asia/Tbilisi",
        day=290,
        clock="10:00",
        hours=6,
        platform="zoom",
        price="150",
        asked=319,
    ),
    _translation_done(
        "Congress slides: cardiac rehabilitation in Finland",
        by="caspian.manager",
        linguist="linguist3",
        pair=("fi", "en"),
        topic="Medicine and pharmaceuticals",
        zone="Asia/Tbilisi",
        deadline=80,
        asked=92,
        pages=14,
        price="30",
        source="Sydankuntoutus-Suomessa.txt",
        deliverable="Cardiac-rehabilitation-in-Finland.txt",
    ),
    _event_done(
        "Batumi congress: the Finnish keynote",
        by="caspian.manager",
        linguist="linguist3",
        service="consecutive",
        pair=("fi", "en"),
        topic="Medicine and pharmaceuticals",
        zone="Asia/Tbilisi",
        day=76,
        clock="11:30",
        hours=1,
        platform="other",
        price="140",
        asked=95,
        notes="In the main hall of the congress centre in Batumi.",
    ),
]

STORIES: list[Story] = [
    *_monthly_calls(),
    *PAST_WORK,
    NEGOTIATIONS,
    ANNUAL_REPORT,
    *WAITING,
    *STILL,
]
