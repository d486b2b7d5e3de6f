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
        self._board()
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

    def _board(self) -> None:
        """The reputation board as two years of use left it: outsourcer records in several
        countries, LWA entries of the five linguists and the partner agency with replies, a
        dispute, non-payment reports, watches, an entry request, a saved search, WWA ratings
        and an application, and work waiting in the staff's vetting queue.

        Every row comes from the board's services; each step runs inside ``at(when)``, which
        then moves what the step wrote (its rows, events, audit and notifications, read)
        back to when it happened.
        """
        from contextlib import contextmanager
        from datetime import datetime, timedelta

        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.db import models
        from django.utils import timezone

        from dragoman.board import models as board
        from dragoman.board.services import (
            affiliation_add,
            application_send,
            application_settings_set,
            entry_approve,
            entry_create,
            entry_dispute,
            entry_edit,
            entry_reject,
            entry_reply,
            entry_request_create,
            nonpayment_contest,
            nonpayment_report_create,
            nonpayment_reports_open_due,
            outsourcer_approve,
            outsourcer_create,
            outsourcer_reject,
            outsourcer_update,
            provider_summary_visibility_set,
            saved_search_save,
            stats_changed,
            watch_start,
            wwa_create,
            wwa_vet,
        )
        from dragoman.core.models import AuditEvent
        from dragoman.notifications.models import Notification

        if board.Outsourcer.objects.exists():
            return
        people = {
            u.email.split("@")[0]: u
            for u in User.objects.filter(email__endswith=f"@{DOMAIN}").select_related(
                "linguist_profile"
            )
        }
        needed = ["staff", "partner", "manager", "caspian.manager"]
        needed += [f"linguist{n}" for n in range(1, 6)]
        if any(name not in people for name in needed):
            return
        staff, partner, manager = people["staff"], people["partner"], people["manager"]
        l1, l2, l3, l4, l5 = (people[f"linguist{n}"] for n in range(1, 6))
        now = timezone.now()
        stamped = [
            board.Outsourcer,
            board.OutsourcerVersion,
            board.Affiliation,
            board.LWAEntry,
            board.EntryEvent,
            board.NonPaymentReport,
            board.NonPaymentEvidence,
            board.Watch,
            board.EntryRequest,
            board.SavedSearch,
            board.ApplicationSettings,
            board.Application,
            board.WWAEntry,
            AuditEvent,
        ]
        moved = {
            model: [
                f.name
                for f in model._meta.fields
                if isinstance(f, models.DateTimeField) and f.name != "contest_until"
            ]
            for model in stamped
        }

        def ago(days: float) -> datetime:
            return now - timedelta(days=days)

        @contextmanager
        def at(when: datetime) -> Any:
            mark = timezone.now()
            yield
            for model, fields in moved.items():
                for name in fields:
                    model.objects.filter(**{f"{name}__gte": mark}).update(**{name: when})
            Notification.objects.filter(created_at__gte=mark).update(created_at=when, read_at=when)

        def record(
            by: User,
            days: float,
            name: str,
            country: str,
            city: str,
            site: str,
            phone: str,
            *,
            approve: bool = True,
        ) -> board.Outsourcer:
            with at(ago(days)):
                outsourcer = outsourcer_create(
                    by=by,
                    name=name,
                    country=country,
                    city=city,
                    website=f"https://{site}",
                    emails=[f"info@{site}"],
                    phones=[phone],
                )
            if approve:
                with at(ago(days) + timedelta(hours=9)):
                    outsourcer_approve(by=staff, outsourcer=outsourcer)
            # As stored, with the dates moved (a later save() must not write them back).
            return board.Outsourcer.objects.get(pk=outsourcer.pk)

        def entry(
            by: User,
            outsourcer: board.Outsourcer,
            rating: int,
            comment: str,
            days: float,
            *,
            publish: bool = True,
        ) -> board.LWAEntry:
            with at(ago(days)):
                written = entry_create(
                    by=by,
                    outsourcer=outsourcer,
                    rating=rating,
                    comment=comment,
                    work_confirmed=True,
                )
            if publish:
                with at(ago(days) + timedelta(hours=6)):
                    entry_approve(by=staff, entry=written)
            return board.LWAEntry.objects.get(pk=written.pk)

        # --- Records: agencies and direct clients, vetted by staff when they were added.
        globalvox = record(
            partner,
            740,
            "GlobalVox Language Solutions Ltd",
            "GB",
            "London",
            "globalvox.example",
            "+442079460123",
        )
        kraemer = record(
            l4,
            720,
            "Übersetzungsbüro Krämer",
            "DE",
            "Köln",
            "kraemer-uebersetzungen.example",
            "+4922112345678",
        )
        lumiere = record(
            l2,
            690,
            "Société Lumière Traduction",
            "FR",
            "Lyon",
            "lumiere-traduction.example",
            "+33478123456",
        )
        linguabridge = record(
            l2, 690, "LinguaBridge Agency", "BG", "Sofia", "linguabridge.example", "+35921234567"
        )
        nordic = record(
            l3,
            580,
            "Nordic Conference Services Oy",
            "FI",
            "Helsinki",
            "nordic-conference.example",
            "+35891234567",
        )
        penalver = record(
            l1,
            520,
            "Traducciones Peñalver S.L.",
            "ES",
            "Madrid",
            "traducciones-penalver.example",
            "+34912345678",
        )
        dvorak = record(
            l4,
            470,
            "Překladatelská agentura Dvořák s.r.o.",
            "CZ",
            "Praha",
            "dvorak-preklady.example",
            "+420222123456",
        )
        nordwind = record(
            staff, 420, "Nordwind Energy", "DE", "Hamburg", "nordwind.example", "+494012345678"
        )
        twin = record(
            l2,
            400,
            "Kraemer Übersetzungen GmbH",
            "DE",
            "Köln",
            "kraemer-uebersetzungen.example",
            "+4922112345678",
            approve=False,
        )
        with at(ago(399)):
            outsourcer_reject(
                by=staff,
                outsourcer=twin,
                reason="This is Übersetzungsbüro Krämer under another name (same web site and "
                "phone number). Please add your entry to that record.",
            )
        caspian = record(
            l3,
            320,
            "Caspian Medical Congress",
            "GE",
            "Tbilisi",
            "caspian-congress.example",
            "+995591234567",
        )
        rapid = record(
            l5,
            260,
            "Rapid Lingo Services Ltd",
            "CY",
            "Limassol",
            "rapidlingo.example",
            "+35725123456",
        )
        tbilisi = record(
            partner,
            180,
            "თბილისის თარგმნის ცენტრი",
            "GE",
            "Tbilisi",
            "tbilisi-translation.example",
            "+995322123456",
        )
        # The outsourcers' own people speak for their records (staff affiliate them).
        with at(ago(419)):
            for outsourcer, organisation in (
                (nordwind, "Nordwind Energy"),
                (linguabridge, "LinguaBridge Agency"),
                (caspian, "Caspian Medical Congress"),
            ):
                affiliation_add(
                    by=staff,
                    outsourcer=outsourcer,
                    organisation=Organisation.objects.get(name=organisation),
                )
        # Krämer moved to Bonn: the first contact data stays in the record's history.
        with at(ago(200)):
            outsourcer_update(
                by=staff,
                outsourcer=board.Outsourcer.objects.get(pk=kraemer.pk),
                city="Bonn",
                phones=["+4922898765432"],
                emails=[
                    "info@kraemer-uebersetzungen.example",
                    "buchhaltung@kraemer-uebersetzungen.example",
                ],
            )
        with at(ago(700)):
            watch_start(by=l1, outsourcer=globalvox)
        with at(ago(100)):
            watch_start(by=l1, outsourcer=lumiere)

        # --- Entries, oldest first (the one-a-year rule sees the earlier ones as old).
        entry(
            l1,
            globalvox,
            5,
            "Three days of simultaneous interpreting at an energy forum in "
            "Vienna. Briefing two weeks ahead, glossary and speeches the evening before, "
            "invoice paid in 21 days as agreed.",
            700,
        )
        entry(
            l4,
            kraemer,
            5,
            "Sworn translations of company documents, German into English. "
            "Precise instructions, a friendly office, paid by bank transfer within two weeks.",
            660,
        )
        entry(
            l2,
            globalvox,
            5,
            "Contract translation EN→FR, 30 pages. Purchase order before "
            "the start, queries answered within the hour, paid within 30 days.",
            640,
        )
        entry(
            l4,
            globalvox,
            5,
            "Court hearing, German–English consecutive. Well organised; "
            "travel booked and paid by them.",
            580,
        )
        entry(
            l3,
            nordic,
            5,
            "Finnish–English simultaneous interpreting at a medical congress. "
            "Excellent booths, papers a week ahead, paid in 14 days.",
            540,
        )
        entry(
            l5,
            globalvox,
            5,
            "Remote simultaneous interpreting for a product launch. "
            "Technical check the day before, paid in 14 days.",
            530,
        )
        entry(
            l2,
            lumiere,
            5,
            "Quarterly financial statements EN→FR. A style guide, clear "
            "instructions and payment within 45 days, as the purchase order says.",
            520,
        )
        entry(
            partner,
            globalvox,
            5,
            "We subcontracted a Bulgarian localisation project through "
            "them: clear purchase orders, payment in 30 days to the day.",
            480,
        )
        entry(
            l2,
            penalver,
            3,
            'They called it a "small update" of an existing translation; it '
            "turned out to be 40 new pages at the review rate. Paid, but only after I insisted "
            "on the full rate.",
            430,
        )
        entry(
            l4,
            dvorak,
            5,
            "German–English interpreting for a trade delegation in Brno. "
            "Everything agreed in writing, paid in 10 days.",
            420,
        )
        entry(
            l5,
            kraemer,
            5,
            "Steady work on annual reports, German into English. Payment always within 30 days.",
            380,
        )
        answered = entry(
            l2,
            linguabridge,
            5,
            "Legal translations EN→FR for their clients over "
            "several months. Fair deadlines and a project manager who reads the "
            "queries.",
            330,
        )
        with at(ago(326)):
            entry_reply(
                by=partner,
                entry=answered,
                reply="Thank you: it is a pleasure to work with translators who ask the right "
                "questions.",
            )
        entry(
            l1,
            globalvox,
            5,
            "Second year working with them: the same reliability, paid within 30 days every time.",
            300,
        )
        corrected = entry(
            l2,
            kraemer,
            4,
            "Legal translation DE→FR, 15 pages. Good cooperation; "
            "after delivery they wanted to pay less than the agreed rush surcharge.",
            250,
        )
        entry(
            l2, globalvox, 5, "Another long contract; the new project manager is just as good.", 240
        )
        with at(ago(240)):
            unpaid = entry_create(
                by=l5,
                outsourcer=rapid,
                rating=1,
                comment="A 12,000-word tender translated FR→EN, delivered on time and accepted "
                "without comments. The invoice is still unpaid; e-mails and calls go "
                "unanswered.",
                work_confirmed=True,
            )
            nonpayment_report_create(
                by=l5,
                entry=unpaid,
                amount="1440.00",
                currency="EUR",
                due_date=ago(250).date(),
                invoice_reference="MOC-2025-0417",
                evidence=[
                    SimpleUploadedFile(
                        "invoice-MOC-2025-0417.txt",
                        b"Invoice MOC-2025-0417\nTranslation FR-EN, 12,000 words: EUR 1440.00\n",
                    )
                ],
            )
        with at(ago(239.5)):
            entry_approve(by=staff, entry=unpaid)
        # Nobody contested it within the week: it opened.
        board.NonPaymentReport.objects.filter(entry=unpaid).update(contest_until=ago(232.5))
        with at(ago(232.5)):
            nonpayment_reports_open_due()
        nordwind_thanked = entry(
            l1,
            nordwind,
            5,
            "Monthly supplier calls, German–English "
            "consecutive. Agenda and slides always a day ahead, calls start "
            "on time, invoices paid through the platform.",
            200,
        )
        with at(ago(195)):
            entry_reply(
                by=manager,
                entry=nordwind_thanked,
                reply="Thank you! We value the preparation that goes into every call and look "
                "forward to the next season.",
            )
        entry(
            l3,
            globalvox,
            4,
            "Clinical trial documents, FI→EN review. Reference material "
            "provided; payment came ten days late, after one reminder.",
            170,
        )
        entry(
            partner,
            tbilisi,
            4,
            "Certified Georgian–Bulgarian translations for a client of "
            "ours. Good quality; slow answers in August.",
            150,
        )
        entry(
            l5,
            nordic,
            5,
            "Remote interpreting for a Nordic energy summit: a smooth "
            "technical set-up and prompt payment.",
            130,
        )
        entry(
            l4,
            globalvox,
            4,
            "Arbitration hearing in Frankfurt. Fine work; a last-minute "
            "schedule change was not compensated.",
            110,
        )
        entry(l1, penalver, 4, "", 100)
        entry(
            l5,
            lumiere,
            4,
            "Technical translation FR→EN. Payment terms are 60 days end of "
            "month and are in their supplier terms at "
            "https://lumiere-traduction.example/fournisseurs, so read them before you accept. "
            "Paid on the day.",
            90,
        )
        refused = entry(
            l1,
            dvorak,
            1,
            "Worst agency in Europe, avoid them at all costs!!! Everybody knows what they are.",
            80,
            publish=False,
        )
        with at(ago(79.7)):
            entry_reject(
                by=staff,
                entry=refused,
                reason="An entry explains the rating with facts about your own work with the "
                "outsourcer; general statements and calls to avoid someone are not allowed. "
                "You are welcome to write it again.",
            )
        entry(
            l4,
            nordwind,
            4,
            "Supplier calls on wind farm contracts. Well prepared; twice a "
            "call ran 30 minutes over the booked time, which was paid but announced late.",
            60,
        )
        entry(
            l5,
            globalvox,
            5,
            "Wind energy conference, two days in the booth. Excellent preparation material.",
            45,
        )
        entry(
            l5,
            caspian,
            5,
            "Remote simultaneous interpreting FR→EN for a two-day cardiology "
            "session. Good sound, technicians on call, paid within 30 days.",
            280,
        )
        disputed = entry(
            l3,
            linguabridge,
            2,
            "Two pages translated EN→FI in March; never paid "
            "and no feedback after three reminders.",
            12,
        )
        with at(ago(0.4)):
            entry_dispute(
                by=partner,
                entry=disputed,
                reason="This was an unpaid test translation, not an order: entries are for real "
                "work only. We have no job with this translator.",
            )
        with at(ago(6)):
            late = entry_create(
                by=l3,
                outsourcer=caspian,
                rating=2,
                comment="Interpreting and slide translation for the congress in Batumi. "
                "Delivered on time; the invoice is 40 days overdue and reminders go "
                "unanswered.",
                work_confirmed=True,
            )
            contested = nonpayment_report_create(
                by=l3,
                entry=late,
                amount="1860.00",
                currency="EUR",
                due_date=ago(40).date(),
                invoice_reference="AV-2026-041",
            )
        with at(ago(5.7)):
            entry_approve(by=staff, entry=late)
        board.NonPaymentReport.objects.filter(pk=contested.pk).update(
            contest_until=ago(5.7) + timedelta(days=7)
        )
        with at(ago(2)):
            nonpayment_contest(
                by=people["caspian.manager"],
                report=contested,
                reason="We paid this invoice by bank transfer last week; the bank's "
                "confirmation is attached. The transfer may not have reached the "
                "interpreter's account yet.",
                evidence=[
                    SimpleUploadedFile(
                        "bank-transfer-AV-2026-041.txt",
                        b"Transfer confirmation\nReference AV-2026-041, EUR 1860.00\n",
                    )
                ],
            )

        # --- Waiting for staff: a new record with its first entry, and a correction.
        medilingua = record(
            l3,
            0.25,
            "Medilingua İstanbul",
            "TR",
            "İstanbul",
            "medilingua.example",
            "+902121234567",
            approve=False,
        )
        entry(
            l3,
            medilingua,
            4,
            "Patient information leaflets EN→FI, 20 pages. Clear "
            "instructions and fair rates; paid in 35 days, five days late.",
            0.2,
            publish=False,
        )
        with at(ago(0.05)):
            entry_edit(
                by=l2,
                entry=corrected,
                rating=5,
                comment="Legal translation DE→FR, 15 pages. Good cooperation; the rush "
                "surcharge was paid in full in the end, with an apology for the delay.",
            )

        # --- Watching, asking for entries, searches, applications and WWA.
        with at(ago(20)):
            entry_request_create(
                by=l3,
                outsourcer=lumiere,
                message="They offered me a medical project into Finnish. Has anyone worked "
                "with them this year?",
            )
        with at(ago(33)):
            saved_search_save(
                by=l2, name="Agencies in Germany, best first", country="DE", sort="average"
            )
        with at(ago(30)):
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
        with at(ago(3)):
            application_send(
                by=l5,
                outsourcer=nordwind,
                message="Native English speaker interpreting German and French into English; "
                "energy is my main field (wind and grid projects). Available for your "
                "supplier calls from January.",
            )
        for provider, rating, comment, days in (
            (
                l1,
                5,
                "Fourteen supplier calls without a single problem; precise with technical terms.",
                190,
            ),
            (l4, 4, "Reliable and well prepared; sometimes slow to confirm availability.", 150),
        ):
            with at(ago(days)):
                wwa = wwa_create(
                    by=manager,
                    outsourcer=nordwind,
                    provider=provider,
                    rating=rating,
                    comment=comment,
                    work_confirmed=True,
                )
            with at(ago(days - 0.5)):
                wwa_vet(by=staff, entry=wwa, approve=True)
        with at(ago(0.1)):
            wwa_create(
                by=manager,
                outsourcer=nordwind,
                provider=partner,
                rating=5,
                comment="Quotes within a day and careful project management of our translations.",
                work_confirmed=True,
            )
        provider_summary_visibility_set(by=l1, visibility="everyone")
        # The published dates moved: statistics computed meanwhile are stale.
        stats_changed()
