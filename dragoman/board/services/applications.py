"""Applications: outsourcers' criteria and linguists applying to them (FAQ 4.2, 4.3)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.board import permissions
from dragoman.board.enums import (
    ApplicationStatus,
)
from dragoman.board.models import (
    Application,
    ApplicationPair,
    ApplicationSettings,
    Outsourcer,
)
from dragoman.board.permissions import is_affiliated
from dragoman.board.services._common import _record_link, affiliated_users
from dragoman.core import audit
from dragoman.core.errors import Conflict, Forbidden
from dragoman.core.permissions import actor_for
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.services import notify

APPLICATION_INTERVAL = timedelta(days=90)


@transaction.atomic
def application_settings_set(
    *,
    by: User,
    outsourcer: Outsourcer,
    accepting: bool,
    pairs: Iterable[tuple[Any, Any]] = (),
    native_languages: Iterable[Any] = (),
    specialisations: Iterable[Any] = (),
    countries: Iterable[str] = (),
) -> ApplicationSettings:
    """The outsourcer's people choose whether they take applications and from whom
    (FAQ 4.3.1, 4.2.4: language pairs, native languages, specialisations, country)."""
    if not is_affiliated(actor_for(by), outsourcer):
        raise Forbidden(
            _("Only people affiliated with the outsourcer set its applications."),
            code="not_affiliated",
        )
    if accepting:
        why = permissions.applications_closed_reason(outsourcer)
        if why:
            raise Conflict(why, code="applications_closed")
    settings_row, _created = ApplicationSettings.objects.get_or_create(outsourcer=outsourcer)
    settings_row.accepting = accepting
    settings_row.countries = sorted({str(code).upper() for code in countries if code})  # type: ignore[assignment]  # a multiple CountryField stores a list
    settings_row.save()
    settings_row.pairs.all().delete()
    ApplicationPair.objects.bulk_create(
        ApplicationPair(settings=settings_row, source=source, target=target)
        for source, target in {(s, t) for s, t in pairs if s != t}
    )
    settings_row.native_languages.set(list(native_languages))
    settings_row.specialisations.set(list(specialisations))
    audit.record(
        actor=by,
        action="board.applications.set",
        target=outsourcer,
        changes={"accepting": accepting},
    )
    return settings_row


@transaction.atomic
def application_send(*, by: User, outsourcer: Outsourcer, message: str = "") -> Application:
    """A linguist applies to an outsourcer that takes applications and whose criteria they
    meet (FAQ 4.2). Once in 90 days per outsourcer, and not while the last application waits
    for an answer (FAQ 4.2.3). The outsourcer's people see the pseudonym and the profile's
    pairs, languages and specialisations; what else to tell is the linguist's choice."""
    if not actor_for(by).is_linguist:
        raise Forbidden(_("Linguists apply to outsourcers."), code="not_a_linguist")
    User.objects.select_for_update().filter(pk=by.pk).values_list("pk").first()
    settings_row = ApplicationSettings.objects.filter(outsourcer=outsourcer, accepting=True).first()
    why = permissions.applications_closed_reason(outsourcer)
    if settings_row is None or why:
        raise Conflict(
            why or _("This outsourcer does not take applications."), code="applications_closed"
        )
    if not permissions.provider_matches(settings_row=settings_row, user=by):
        raise Forbidden(
            _("Your profile does not meet this outsourcer's criteria."), code="criteria_not_met"
        )
    last = Application.objects.filter(provider_id=by.pk, outsourcer_id=outsourcer.pk).first()
    if last is not None and last.status == ApplicationStatus.SENT:
        raise Conflict(
            _("Your last application waits for an answer; you can apply again once it has one."),
            code="application_unanswered",
        )
    if last is not None and timezone.now() < last.created_at + APPLICATION_INTERVAL:
        raise Conflict(
            _("You applied on %(date)s; you can apply to the same outsourcer again from %(next)s.")
            % {
                "date": last.created_at.date().isoformat(),
                "next": (last.created_at + APPLICATION_INTERVAL).date().isoformat(),
            },
            code="application_too_soon",
        )
    application = Application.objects.create(
        outsourcer=outsourcer, provider=by, message=(message or "").strip()[:4000]
    )
    notify(
        recipients=affiliated_users(outsourcer),
        kind=NotificationKind.BOARD_APPLICATION_RECEIVED,
        title=_("%(pseudonym)s applies to work with %(name)s.")
        % {"pseudonym": by.linguist_profile.pseudonym, "name": outsourcer.name},
        link=reverse("board_applications", args=[outsourcer.pk]),
    )
    return application


@transaction.atomic
def application_answer(
    *, by: User, application: Application, accept: bool, answer: str = ""
) -> Application:
    """The outsourcer's people accept or decline an application, optionally with a message
    (FAQ 4.2.5)."""
    application = (
        Application.objects.select_for_update().select_related("outsourcer").get(pk=application.pk)
    )
    if not is_affiliated(actor_for(by), application.outsourcer):
        raise Forbidden(
            _("Only people affiliated with the outsourcer answer its applications."),
            code="not_affiliated",
        )
    if application.status != ApplicationStatus.SENT:
        raise Conflict(_("This application already has an answer."), code="already_answered")
    application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
    application.answer = (answer or "").strip()[:2000]
    application.answered_by, application.answered_at = by, timezone.now()
    application.save()
    notify(
        recipients=[application.provider],
        kind=NotificationKind.BOARD_APPLICATION_ANSWERED,
        title=(
            _("%(name)s accepted your application.")
            if accept
            else _("%(name)s declined your application.")
        )
        % {"name": application.outsourcer.name},
        body=application.answer,
        link=_record_link(application.outsourcer_id),
    )
    return application
