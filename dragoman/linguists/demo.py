"""Five demo linguists: staff registered them, each filled in their own profile."""

from __future__ import annotations

from dragoman.accounts.demo import demo_people, demo_user
from dragoman.catalog.models import Language, Service, Topic
from dragoman.core.demo import Timeline, clock_for
from dragoman.linguists.models import LinguistProfile
from dragoman.linguists.services import linguist_profile_create, linguist_profile_update

# Local part, name, native language, pairs, services, specialisations, country, time zone,
# days since staff registered them.
LINGUISTS = [
    (
        "linguist1",
        "Irina Volkova",
        "ru",
        [("en", "ru"), ("ru", "en"), ("de", "ru"), ("de", "en")],
        ["simultaneous", "consecutive"],
        ["Energy, oil and gas", "Politics and diplomacy"],
        "RU",
        "Europe/Moscow",
        760,
    ),
    (
        "linguist2",
        "Jean Moreau",
        "fr",
        [("en", "fr"), ("de", "fr")],
        ["translation", "proofreading", "certified-translation"],
        ["Law and contracts", "Finance and banking"],
        "FR",
        "Europe/Paris",
        745,
    ),
    (
        "linguist3",
        "Aino Virtanen",
        "fi",
        [("fi", "en"), ("en", "fi"), ("sv", "fi")],
        ["remote-simultaneous", "consecutive", "translation"],
        ["Medicine and pharmaceuticals", "Information technology"],
        "FI",
        "Europe/Helsinki",
        600,
    ),
    (
        "linguist4",
        "Thomas Berger",
        "de",
        [("de", "en"), ("en", "de")],
        ["simultaneous", "consecutive"],
        ["Law and contracts", "Finance and banking"],
        "AT",
        "Europe/Vienna",
        750,
    ),
    (
        "linguist5",
        "Maeve O'Connor",
        "en",
        [("de", "en"), ("fr", "en")],
        ["simultaneous", "remote-simultaneous", "translation"],
        ["Energy, oil and gas", "Medicine and pharmaceuticals"],
        "IE",
        "Europe/Dublin",
        560,
    ),
]


def stamp(timeline: Timeline) -> None:
    timeline.stamp(LinguistProfile, "created_at", "updated_at")


def load(timeline: Timeline) -> int:
    """The linguists; returns how many accounts it made."""
    stamp(timeline)
    staff = demo_people().get("staff")
    languages = {lang.code: lang for lang in Language.objects.all()}
    services = {s.code: s for s in Service.objects.all()}
    topics = {t.name: t for t in Topic.objects.all()}
    created = 0
    for local, name, native, pairs, codes, fields, country, zone, days in LINGUISTS:
        registered = timeline.on(days, clock_for(local), "Europe/Helsinki")
        with timeline.at(registered):
            user = demo_user(
                local, name, timezone=zone, mobile="+358401111111" if country == "FI" else ""
            )
            if user is None:
                continue
            created += 1
            profile = linguist_profile_create(user=user, by=staff)
        with timeline.at(timeline.after(registered, zone, hours=3)):
            linguist_profile_update(
                by=user,
                profile=profile,
                language_pairs=[(languages[s], languages[t]) for s, t in pairs],
                native_languages=[languages[native]],
                services=[services[c] for c in codes if c in services],
                specialisations=[topics[t] for t in fields if t in topics],
                country=country,
            )
    return created
