"""The board's records: agencies and direct clients in several countries, added over two
years by linguists, the partner agency and staff, and vetted by staff."""

from __future__ import annotations

from dragoman.board import models as board
from dragoman.board.demo.steps import BoardDemo
from dragoman.board.services import (
    affiliation_add,
    outsourcer_create,
    outsourcer_reject,
    outsourcer_update,
    watch_start,
)
from dragoman.orgs.models import Organisation

# Key: who added it, days ago, name, country, city, web site, phone.
RECORDS = {
    "globalvox": (
        "partner",
        740,
        "GlobalVox Language Solutions Ltd",
        "GB",
        "London",
        "globalvox.example",
        "+442079460123",
    ),
    "kraemer": (
        "linguist4",
        720,
        "Übersetzungsbüro Krämer",
        "DE",
        "Köln",
        "kraemer-uebersetzungen.example",
        "+4922112345678",
    ),
    "lumiere": (
        "linguist2",
        690,
        "Société Lumière Traduction",
        "FR",
        "Lyon",
        "lumiere-traduction.example",
        "+33478123456",
    ),
    "linguabridge": (
        "linguist2",
        690,
        "LinguaBridge Agency",
        "BG",
        "Sofia",
        "linguabridge.example",
        "+35921234567",
    ),
    "nordic": (
        "linguist3",
        580,
        "Nordic Conference Services Oy",
        "FI",
        "Helsinki",
        "nordic-conference.example",
        "+35891234567",
    ),
    "penalver": (
        "linguist1",
        520,
        "Traducciones Peñalver S.L.",
        "ES",
        "Madrid",
        "traducciones-penalver.example",
        "+34912345678",
    ),
    "dvorak": (
        "linguist4",
        470,
        "Překladatelská agentura Dvořák s.r.o.",
        "CZ",
        "Praha",
        "dvorak-preklady.example",
        "+420222123456",
    ),
    "nordwind": (
        "staff",
        420,
        "Nordwind Energy",
        "DE",
        "Hamburg",
        "nordwind.example",
        "+494012345678",
    ),
    "caspian": (
        "linguist3",
        320,
        "Caspian Medical Congress",
        "GE",
        "Tbilisi",
        "caspian-congress.example",
        "+995591234567",
    ),
    "rapid": (
        "linguist5",
        260,
        "Rapid Lingo Services Ltd",
        "CY",
        "Limassol",
        "rapidlingo.example",
        "+35725123456",
    ),
    "tbilisi": (
        "partner",
        180,
        "თბილისის თარგმნის ცენტრი",
        "GE",
        "Tbilisi",
        "tbilisi-translation.example",
        "+995322123456",
    ),
}


def records(demo: BoardDemo) -> None:
    at, when = demo.timeline.at, demo.when
    for key, record in RECORDS.items():
        demo.record(key, *record)
    # A duplicate under another name, which staff refuse.
    written = when(400, "linguist2")
    with at(written):
        twin = outsourcer_create(
            by=demo.people["linguist2"],
            name="Kraemer Übersetzungen GmbH",
            country="DE",
            city="Köln",
            website="https://kraemer-uebersetzungen.example",
            emails=["info@kraemer-uebersetzungen.example"],
            phones=["+4922112345678"],
        )
    with at(demo.vetted(written, 6)):
        outsourcer_reject(
            by=demo.staff,
            outsourcer=twin,
            reason="This is Übersetzungsbüro Krämer under another name (same web site and "
            "phone number). Please add your entry to that record.",
        )
    # The outsourcers' own people speak for their records (staff affiliate them).
    with at(when(419, "staff")):
        for key in ("nordwind", "linguabridge", "caspian"):
            affiliation_add(
                by=demo.staff,
                outsourcer=demo.records[key],
                organisation=Organisation.objects.get(name=RECORDS[key][2]),
            )
    # Krämer moved to Bonn: the first contact data stays in the record's history.
    with at(when(200, "staff")):
        outsourcer_update(
            by=demo.staff,
            outsourcer=board.Outsourcer.objects.get(pk=demo.records["kraemer"].pk),
            city="Bonn",
            phones=["+4922898765432"],
            emails=[
                "info@kraemer-uebersetzungen.example",
                "buchhaltung@kraemer-uebersetzungen.example",
            ],
        )
    l1 = demo.people["linguist1"]
    with at(when(700, "linguist1")):
        watch_start(by=l1, outsourcer=demo.records["globalvox"])
    with at(when(100, "linguist1")):
        watch_start(by=l1, outsourcer=demo.records["lumiere"])
