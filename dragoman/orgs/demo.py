"""Demo organisations and their people: the platform's operator and its staff, a partner
agency, and two clients with a contact in each role, one more waiting for approval."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from dragoman.accounts.demo import demo_user, email, verify_email
from dragoman.accounts.demo import stamp as stamp_accounts
from dragoman.accounts.models import User
from dragoman.catalog.models import Service
from dragoman.core.demo import Timeline, clock_for
from dragoman.orgs.enums import MembershipStatus, OrganisationKind, Role
from dragoman.orgs.models import Membership, Organisation, sort_name_for
from dragoman.orgs.services import organisation_create, registration_request

OPERATOR = "Dragoman Operations"
PARTNER = "LinguaBridge Agency"
CLIENT = "Nordwind Energy"
OTHER_CLIENT = "Caspian Medical Congress"

# Name: kind, days since it joined the platform, its fields (the partner is added below).
ORGANISATIONS: dict[str, tuple[str, int, dict[str, Any]]] = {
    PARTNER: (
        OrganisationKind.PARTNER,
        760,
        {
            "country": "BG",
            "city": "Sofia",
            "website": "https://linguabridge.example",
            "accepts_registrations": False,
        },
    ),
    CLIENT: (
        OrganisationKind.CLIENT,
        430,
        {"country": "DE", "city": "Hamburg", "website": "https://nordwind.example"},
    ),
    OTHER_CLIENT: (OrganisationKind.CLIENT, 330, {"country": "GE", "city": "Tbilisi"}),
}

# E-mail's local part, full name, organisation, role, days since they joined, account fields.
PEOPLE: list[tuple[str, str, str, str, int, dict[str, Any]]] = [
    (
        "partner",
        "Petar Partnerov",
        PARTNER,
        Role.MANAGER,
        760,
        {"phone": "+359888123456", "timezone": "Europe/Sofia"},
    ),
    (
        "manager",
        "Marta Manager",
        CLIENT,
        Role.MANAGER,
        430,
        {"mobile": "+4915112345678", "timezone": "Europe/Berlin"},
    ),
    (
        "requester",
        "Rolf Requester",
        CLIENT,
        Role.REQUESTER,
        428,
        {
            "phone": "+494012345678",
            "other_contact": "skype: rolf.nordwind",
            "timezone": "Europe/Berlin",
        },
    ),
    (
        "observer",
        "Olga Observer",
        CLIENT,
        Role.OBSERVER,
        300,
        {"other_contact": "telegram: @olga_nw", "timezone": "Europe/Berlin"},
    ),
    (
        "caspian.manager",
        "Nino Beridze",
        OTHER_CLIENT,
        Role.MANAGER,
        330,
        {"mobile": "+995555123456", "language": "en", "timezone": "Asia/Tbilisi"},
    ),
]

# What client contacts may order (their manager's choice, PRODUCT.md §1).
ORDERABLE = ("simultaneous", "consecutive", "translation")


def stamp(timeline: Timeline) -> None:
    stamp_accounts(timeline)
    timeline.stamp(Organisation, "created_at", "updated_at")
    timeline.stamp(Membership, "created_at", "updated_at")


def _joined(timeline: Timeline, days: int, key: str, zone: str) -> AbstractContextManager[None]:
    return timeline.at(timeline.on(days, clock_for(key), zone))


def load(timeline: Timeline) -> int:
    """The organisations and their people; returns how many accounts it made."""
    stamp(timeline)
    created = 0
    # Somebody runs the platform before anybody can be added through it: the operator and
    # its first admin are set up by hand, as ``createsuperuser`` would.
    with _joined(timeline, 800, "operator", "Europe/Helsinki"):
        operator, _ = Organisation.objects.get_or_create(
            kind=OrganisationKind.OPERATOR,
            name=OPERATOR,
            defaults={"country": "FI", "city": "Helsinki", "accepts_registrations": False},
        )
        staff = demo_user(
            "staff",
            "Stella Staffer",
            is_staff=True,
            is_superuser=True,
            phone="+358401234567",
            timezone="Europe/Helsinki",
        )
        if staff is not None:
            created += 1
            _member(staff, operator, Role.ADMIN)
    staff = User.objects.get(email=email("staff"))

    organisations = {OPERATOR: operator}
    for name, (kind, days, fields) in ORGANISATIONS.items():
        found = Organisation.objects.filter(kind=kind, name=name).first()
        if found is None:
            partner = organisations[PARTNER] if name == CLIENT else None
            with _joined(timeline, days, name, "Europe/Helsinki"):
                found = organisation_create(
                    by=staff, kind=kind, name=name, partner=partner, **fields
                )
        organisations[name] = found

    orderable = list(Service.objects.filter(code__in=ORDERABLE))
    for local, full_name, organisation, role, days, fields in PEOPLE:
        with _joined(timeline, days, local, fields["timezone"]):
            user = demo_user(local, full_name, **fields)
            if user is None:
                continue
            created += 1
            # Not ``contact_create``: that is the invitation, which leaves the account
            # without a password until its owner opens the e-mailed link.
            membership = _member(user, organisations[organisation], role)
            if organisations[organisation].kind == OrganisationKind.CLIENT:
                membership.allowed_services.set(orderable)

    # Anna registered two days ago and waits for the manager's approval. Her address is
    # verified after she asked, as it was by its link: the managers had their e-mail about
    # her then, and the demo does not send it again.
    with timeline.at(timeline.on(2, "19:40", "Europe/Berlin")):
        applicant = demo_user(
            "applicant",
            "Anna Applicant",
            verified=False,
            phone="+494098765432",
            timezone="Europe/Berlin",
        )
        if applicant is not None:
            created += 1
            registration_request(user=applicant, organisation=organisations[CLIENT])
            verify_email(applicant)
    return created


def _member(user: User, organisation: Organisation, role: str) -> Membership:
    return Membership.objects.create(
        user=user,
        organisation=organisation,
        role=role,
        status=MembershipStatus.ACTIVE,
        sort_name=sort_name_for(user.full_name),
    )
