"""Load the demo data a first-time user sees (never in production).

``python -m dragoman demo_data`` adds it (demo e-mails that already exist are skipped);
``--if-empty`` loads it only into a database with no users, as ``make run`` does.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dragoman.accounts.models import User
from dragoman.catalog.models import Language, Service, Topic
from dragoman.linguists.services import linguist_profile_create, linguist_profile_update
from dragoman.orgs.enums import MembershipStatus, OrganisationKind, Role
from dragoman.orgs.models import Membership, Organisation, sort_name_for

PASSWORD = "dragoman-demo"
DOMAIN = "demo.dragoman.test"


class Command(BaseCommand):
    help = "Load demo organisations, contacts and linguists (all with the password dragoman-demo)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Only when there are no users.")

    def handle(self, *args: Any, if_empty: bool = False, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded when DRAGOMAN_ENV=production.")
        if if_empty and User.objects.exists():
            self.stdout.write("The database already has users: demo data not loaded.")
            return
        with transaction.atomic():
            created = self._load()
            # The demo's history is invented and its people have example addresses: its
            # notifications are in the app, not e-mailed (the queued e-mails find them sent).
            from django.utils import timezone

            from dragoman.notifications.models import Notification

            Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {created} accounts."))
        self.stdout.write(f"Log in with any of the demo e-mails and the password {PASSWORD!r}.")

    def _user(self, local: str, full_name: str, **fields: Any) -> User | None:
        email = f"{local}@{DOMAIN}"
        if User.objects.filter(email=email).exists():
            return None
        user = User.objects.create_user(email, PASSWORD, full_name=full_name, **fields)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    def _load(self) -> int:
        created = 0
        operator, _ = Organisation.objects.get_or_create(
            kind=OrganisationKind.OPERATOR,
            name="Dragoman Operations",
            defaults={"country": "FI", "city": "Helsinki", "accepts_registrations": False},
        )
        partner, _ = Organisation.objects.get_or_create(
            kind=OrganisationKind.PARTNER,
            name="LinguaBridge Agency",
            defaults={
                "country": "BG",
                "city": "Sofia",
                "website": "https://linguabridge.example",
                "accepts_registrations": False,
            },
        )
        client, _ = Organisation.objects.get_or_create(
            kind=OrganisationKind.CLIENT,
            name="Nordwind Energy",
            defaults={
                "country": "DE",
                "city": "Hamburg",
                "website": "https://nordwind.example",
                "partner": partner,
            },
        )
        other_client, _ = Organisation.objects.get_or_create(
            kind=OrganisationKind.CLIENT,
            name="Caspian Medical Congress",
            defaults={"country": "GE", "city": "Tbilisi"},
        )
        services = {s.code: s for s in Service.objects.all()}
        ordering = [
            services[c] for c in ("simultaneous", "consecutive", "translation") if c in services
        ]

        people: list[tuple[str, str, Organisation, str, dict[str, Any]]] = [
            (
                "staff",
                "Stella Staffer",
                operator,
                Role.ADMIN,
                {"is_staff": True, "is_superuser": True, "phone": "+358401234567"},
            ),
            ("partner", "Petar Partnerov", partner, Role.MANAGER, {"phone": "+359888123456"}),
            ("manager", "Marta Manager", client, Role.MANAGER, {"mobile": "+4915112345678"}),
            (
                "requester",
                "Rolf Requester",
                client,
                Role.REQUESTER,
                {"phone": "+494012345678", "other_contact": "skype: rolf.nordwind"},
            ),
            (
                "observer",
                "Olga Observer",
                client,
                Role.OBSERVER,
                {"other_contact": "telegram: @olga_nw"},
            ),
            (
                "caspian.manager",
                "Nino Beridze",
                other_client,
                Role.MANAGER,
                {"mobile": "+995555123456", "language": "en"},
            ),
        ]
        for local, name, organisation, role, fields in people:
            user = self._user(local, name, **fields)
            if user is None:
                continue
            created += 1
            membership = Membership.objects.create(
                user=user,
                organisation=organisation,
                role=role,
                status=MembershipStatus.ACTIVE,
                sort_name=sort_name_for(name),
            )
            if organisation.kind == OrganisationKind.CLIENT:
                membership.allowed_services.set(ordering)

        # A self-registration waiting for the manager's approval.
        pending = self._user("applicant", "Anna Applicant", phone="+494098765432")
        if pending is not None:
            created += 1
            Membership.objects.create(
                sort_name=sort_name_for(pending.full_name),
                user=pending,
                organisation=client,
                role=Role.REQUESTER,
                status=MembershipStatus.PENDING,
            )

        languages = {lang.code: lang for lang in Language.objects.all()}
        topics = {t.name: t for t in Topic.objects.all()}
        linguists = [
            (
                "linguist1",
                "Irina Volkova",
                "ru",
                [("en", "ru"), ("ru", "en"), ("de", "ru"), ("de", "en")],
                ["simultaneous", "consecutive"],
                ["Energy, oil and gas", "Politics and diplomacy"],
                "RU",
                "Europe/Moscow",
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
            ),
        ]
        for local, name, native, pairs, service_codes, topic_names, country, tz in linguists:
            user = self._user(
                local, name, timezone=tz, mobile="+358401111111" if country == "FI" else ""
            )
            if user is None:
                continue
            created += 1
            profile = linguist_profile_create(user=user, by=None)
            linguist_profile_update(
                by=user,
                profile=profile,
                language_pairs=[(languages[s], languages[t]) for s, t in pairs],
                native_languages=[languages[native]],
                services=[services[c] for c in service_codes if c in services],
                specialisations=[topics[t] for t in topic_names if t in topics],
                country=country,
            )
        self._orders()
        self._translation_with_files()
        self._past_year()
        self._waiting_at_each_step()
        return created

    def _orders(self) -> None:
        """A few requests in several states, so that lists and histories are not empty."""
        from datetime import timedelta

        from django.utils import timezone

        from dragoman.orders.models import Order
        from dragoman.orders.services import order_create, order_transition

        requester = User.objects.filter(email=f"requester@{DOMAIN}").first()
        manager = User.objects.filter(email=f"manager@{DOMAIN}").first()
        if requester is None or manager is None or Order.objects.exists():
            return
        lang = {lang.code: lang for lang in Language.objects.all()}
        service = {s.code: s for s in Service.objects.all()}
        topic = {t.name: t for t in Topic.objects.all()}
        now = timezone.now()
        negotiations = order_create(
            by=requester,
            title="Wind farm supplier negotiations",
            service=service["simultaneous"],
            source_language=lang["de"],
            target_language=lang["en"],
            topic=topic["Energy, oil and gas"],
            starts_at=now + timedelta(days=9, hours=3),
            duration_minutes=180,
            time_zone="Europe/Berlin",
            meeting_platform="zoom",
            meeting_link="https://zoom.example/j/4815162342",
            technical_support=True,
            notes="Two German speakers, one English. Slides follow.",
            submit=True,
        )
        order_create(
            by=requester,
            title="Grid connection contract",
            service=service["translation"],
            source_language=lang["de"],
            target_language=lang["ru"],
            topic=topic["Law and contracts"],
            deadline=now + timedelta(days=14),
            time_zone="Europe/Berlin",
            notes="About 12 pages.",
        )
        cancelled = order_create(
            by=manager,
            title="Press conference in Tbilisi",
            service=service["consecutive"],
            source_language=lang["en"],
            target_language=lang["ka"],
            topic=topic["Politics and diplomacy"],
            starts_at=now + timedelta(days=20),
            duration_minutes=60,
            time_zone="Asia/Tbilisi",
            meeting_platform="other",
            submit=True,
        )
        order_transition(order=cancelled, by=manager, action="cancel", note="Event postponed.")

        # The negotiations are quoted, accepted and offered to an interpreter, who finds the
        # offer under "requests needing attention".
        from dragoman.assignments.services import offer_create
        from dragoman.linguists.models import LinguistProfile
        from dragoman.orders.services import quote_answer, quote_send

        staff = User.objects.filter(email=f"staff@{DOMAIN}").first()
        interpreter = LinguistProfile.objects.filter(user__email=f"linguist1@{DOMAIN}").first()
        if staff is None or interpreter is None:
            return
        quote = quote_send(
            order=negotiations,
            by=staff,
            currency="EUR",
            note="Two interpreters in the booth for three hours.",
            lines=[
                {
                    "description": "Simultaneous interpreting, 2 interpreters",
                    "quantity": "3",
                    "unit": "hour",
                    "unit_price": "240",
                },
                {
                    "description": "Technical support",
                    "quantity": "1",
                    "unit": "event",
                    "unit_price": "150",
                },
            ],
        )
        quote_answer(quote=quote, by=requester, accept=True, note="Agreed.")
        offer_create(order=negotiations, linguist=interpreter, by=staff)

    def _translation_with_files(self) -> None:
        """A translation in progress with a source file, a first deliverable and 60 %
        progress, so that the files section and the progress bar have something to show."""
        from datetime import timedelta

        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone

        from dragoman.assignments.models import Offer
        from dragoman.assignments.services import offer_accept, offer_create
        from dragoman.linguists.models import LinguistProfile
        from dragoman.orders.models import Order
        from dragoman.orders.services import (
            order_create,
            order_file_add,
            order_progress_set,
            quote_answer,
            quote_send,
        )

        title = "Annual report 2026, chapters 1–5"
        requester = User.objects.filter(email=f"requester@{DOMAIN}").first()
        staff = User.objects.filter(email=f"staff@{DOMAIN}").first()
        translator = LinguistProfile.objects.filter(user__email=f"linguist2@{DOMAIN}").first()
        if None in (requester, staff, translator) or Order.objects.filter(title=title).exists():
            return
        order = order_create(
            by=requester,
            title=title,
            service=Service.objects.get(code="translation"),
            source_language=Language.objects.get(code="de"),
            target_language=Language.objects.get(code="fr"),
            topic=Topic.objects.get(name="Finance and banking"),
            deadline=timezone.now() + timedelta(days=10),
            time_zone="Europe/Berlin",
            notes="About 40 pages; the figures stay as they are.",
            submit=True,
        )
        order_file_add(
            order=order,
            by=requester,
            upload=SimpleUploadedFile(
                "Geschäftsbericht-2026-Kapitel-1-5.txt",
                "Geschäftsbericht 2026\n\n1. Das Jahr im Überblick\n".encode(),
            ),
            kind="source",
        )
        quote = quote_send(
            order=order,
            by=staff,
            lines=[
                {
                    "description": "Translation DE→FR",
                    "quantity": "40",
                    "unit": "page",
                    "unit_price": "32",
                },
            ],
        )
        quote_answer(quote=quote, by=requester, accept=True)
        offer_create(order=order, linguist=translator, by=staff)
        offer_accept(offer=Offer.objects.get(order=order, linguist=translator), by=translator.user)
        order_file_add(
            order=order,
            by=translator.user,
            upload=SimpleUploadedFile(
                "Rapport-annuel-2026-chapitres-1-3.txt",
                "Rapport annuel 2026\n\n1. L’année en bref\n".encode(),
            ),
            kind="deliverable",
        )
        order_progress_set(
            order=order, by=translator.user, percent=60, note="Chapters 1–3 translated."
        )

    def _past_year(self) -> None:
        """A year of finished work for Nordwind Energy, taken through the same services as
        live requests and then moved back in time: the dashboards' charts have months to
        draw, and the suggestions know who worked for this client before."""
        from datetime import timedelta

        from django.utils import timezone

        from dragoman.assignments.models import Offer
        from dragoman.assignments.services import offer_accept, offer_create
        from dragoman.linguists.models import LinguistProfile
        from dragoman.notifications.models import Notification
        from dragoman.orders.models import Order, OrderEvent
        from dragoman.orders.services import (
            order_create,
            order_transition,
            quote_answer,
            quote_send,
        )

        requester = User.objects.filter(email=f"requester@{DOMAIN}").first()
        manager = User.objects.filter(email=f"manager@{DOMAIN}").first()
        staff = User.objects.filter(email=f"staff@{DOMAIN}").first()
        interpreters = {
            p.user.email.split("@")[0]: p
            for p in LinguistProfile.objects.select_related("user").filter(
                user__email__in=[f"linguist1@{DOMAIN}", f"linguist4@{DOMAIN}"]
            )
        }
        if None in (requester, manager, staff) or len(interpreters) < 2:
            return
        if Order.objects.filter(title__startswith="Monthly supplier call").exists():
            return
        lang = {lang.code: lang for lang in Language.objects.all()}
        topic = Topic.objects.get(name="Energy, oil and gas")
        consecutive = Service.objects.get(code="consecutive")
        now = timezone.now()
        months_back = [11, 10, 9, 9, 8, 7, 6, 6, 5, 4, 3, 3, 2, 1, 1]
        for index, back in enumerate(months_back):
            who = "linguist1" if index % 3 else "linguist4"
            by = requester if index % 2 else manager
            planned = now + timedelta(days=40 + 2 * index)
            order = order_create(
                by=by,
                title=f"Monthly supplier call ({index + 1})",
                service=consecutive,
                source_language=lang["de"],
                target_language=lang["en"],
                topic=topic,
                starts_at=planned,
                duration_minutes=90,
                time_zone="Europe/Berlin",
                meeting_platform="teams",
                submit=True,
            )
            quote = quote_send(
                order=order,
                by=staff,
                lines=[
                    {
                        "description": "Consecutive interpreting",
                        "quantity": "1.5",
                        "unit": "hour",
                        "unit_price": str(110 + 5 * (index % 4)),
                    }
                ],
            )
            quote_answer(quote=quote, by=by, accept=True)
            if index == 6:  # one was called off before anyone was found
                order_transition(order=order, by=by, action="cancel", note="Supplier cancelled.")
            else:
                offer_create(order=order, linguist=interpreters[who], by=staff)
                offer_accept(
                    offer=Offer.objects.get(order=order, status="pending"),
                    by=interpreters[who].user,
                )
                order_transition(order=order, by=interpreters[who].user, action="deliver")
                order_transition(order=order, by=by, action="complete")
            # Move it back: it happened ``back`` months ago, asked for three weeks earlier.
            shift = planned - (now - timedelta(days=30 * back))
            happened = planned - shift
            Order.objects.filter(pk=order.pk).update(
                starts_at=happened, created_at=happened - timedelta(days=21)
            )
            for event in OrderEvent.objects.filter(order=order):
                OrderEvent.objects.filter(pk=event.pk).update(created_at=event.created_at - shift)
            # Old news: read long ago, dated when it happened.
            Notification.objects.filter(order=order).update(created_at=happened, read_at=happened)

    def _waiting_at_each_step(self) -> None:
        """Requests waiting for each person: one for a quote (staff), one quoted (the
        requester answers), and one accepted in the assignment queue (staff pick from the
        ranked suggestions: three interpreters have its pair)."""
        from datetime import timedelta

        from django.utils import timezone

        from dragoman.orders.models import Order
        from dragoman.orders.services import order_create, quote_answer, quote_send

        requester = User.objects.filter(email=f"requester@{DOMAIN}").first()
        staff = User.objects.filter(email=f"staff@{DOMAIN}").first()
        if None in (requester, staff) or Order.objects.filter(title="Site visit").exists():
            return
        lang = {lang.code: lang for lang in Language.objects.all()}
        topics = {t.name: t for t in Topic.objects.all()}
        now = timezone.now()
        order_create(
            by=requester,
            title="Site visit",
            service=Service.objects.get(code="consecutive"),
            source_language=lang["de"],
            target_language=lang["ru"],
            topic=topics["Energy, oil and gas"],
            starts_at=now + timedelta(days=25, hours=2),
            duration_minutes=240,
            time_zone="Europe/Berlin",
            meeting_platform="other",
            notes="On site at the substation; safety shoes are provided.",
            submit=True,
        )
        manual = order_create(
            by=requester,
            title="Safety manual for the service crews",
            service=Service.objects.get(code="translation"),
            source_language=lang["de"],
            target_language=lang["en"],
            topic=topics["Energy, oil and gas"],
            deadline=now + timedelta(days=21),
            time_zone="Europe/Berlin",
            notes="18 pages, with figures.",
            submit=True,
        )
        quote_send(
            order=manual,
            by=staff,
            note="Including a second reading by a native speaker.",
            lines=[
                {
                    "description": "Translation DE→EN",
                    "quantity": "18",
                    "unit": "page",
                    "unit_price": "30",
                },
                {
                    "description": "Proofreading",
                    "quantity": "18",
                    "unit": "page",
                    "unit_price": "8",
                },
            ],
        )
        board = order_create(
            by=requester,
            title="Supervisory board meeting",
            service=Service.objects.get(code="simultaneous"),
            source_language=lang["de"],
            target_language=lang["en"],
            topic=topics["Finance and banking"],
            starts_at=now + timedelta(days=16, hours=5),
            duration_minutes=150,
            time_zone="Europe/Berlin",
            meeting_platform="dragoman",
            technical_support=True,
            submit=True,
        )
        quote = quote_send(
            order=board,
            by=staff,
            lines=[
                {
                    "description": "Simultaneous interpreting, 2 interpreters",
                    "quantity": "2.5",
                    "unit": "hour",
                    "unit_price": "240",
                },
            ],
        )
        quote_answer(quote=quote, by=requester, accept=True)
