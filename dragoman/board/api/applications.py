"""The reputation board in the REST API: applications."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema, Status
from pydantic import Field, StrictBool, StrictInt

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.board import selectors, services
from dragoman.board.api.builders import _outsourcer_out
from dragoman.board.api.schemas import OutsourcerOut, board_router, outsourcers_router
from dragoman.core.api import InputSchema
from dragoman.core.errors import NotFound, ValidationFailed


class ApplicationSettingsIn(InputSchema):
    accepting: StrictBool
    pairs: list[tuple[str, str]] = Field(
        default_factory=list, description='Language codes, e.g. [["de", "en"]]'
    )
    native_languages: list[str] = Field(default_factory=list)
    specialisation_ids: list[StrictInt] = Field(default_factory=list)
    countries: list[str] = Field(
        default_factory=list, description="ISO 3166 codes of the providers' countries, e.g. DE"
    )


class ApplicationIn(InputSchema):
    message: str = Field("", max_length=4000)


class ApplicationOut(Schema):
    id: int
    outsourcer_id: int
    provider: str = Field(description="The linguist's pseudonym")
    message: str
    status: str
    answer: str
    created_at: datetime
    answered_at: datetime | None


class ApplicationAnswerIn(InputSchema):
    accept: StrictBool
    answer: str = Field("", max_length=2000)


def _application_out(application: Any) -> dict[str, Any]:
    return {
        "id": application.pk,
        "outsourcer_id": application.outsourcer_id,
        "provider": application.provider.linguist_profile.pseudonym,
        "message": application.message,
        "status": application.status,
        "answer": application.answer,
        "created_at": application.created_at,
        "answered_at": application.answered_at,
    }


@outsourcers_router.put(
    "/{int:outsourcer_id}/application-settings",
    response={200: None},
    summary="The outsourcer's people set whether and from whom they take applications",
)
def application_settings(
    request: AuthedHttpRequest, outsourcer_id: int, payload: ApplicationSettingsIn
):
    from dragoman.catalog.models import Language, Topic

    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    codes = {c for pair in payload.pairs for c in pair} | set(payload.native_languages)
    languages = {lang.code: lang for lang in Language.objects.filter(code__in=codes)}
    unknown = sorted(codes - set(languages))
    if unknown:
        raise ValidationFailed(
            _("Unknown language codes: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    from django_countries import countries as known_countries

    bad = sorted(c for c in payload.countries if c.upper() not in dict(known_countries))
    if bad:
        raise ValidationFailed(
            _("Unknown country codes: %(codes)s") % {"codes": ", ".join(bad)},
            fields={"countries": bad},
        )
    services.application_settings_set(
        by=request.user,
        outsourcer=outsourcer,
        accepting=payload.accepting,
        pairs=[(languages[s], languages[t]) for s, t in payload.pairs],
        native_languages=[languages[c] for c in payload.native_languages],
        specialisations=list(Topic.objects.filter(pk__in=payload.specialisation_ids)),
        countries=payload.countries,
    )
    return Status(200, None)


@outsourcers_router.post(
    "/{int:outsourcer_id}/applications",
    response={201: ApplicationOut},
    summary="A linguist applies (once in 90 days, not while the last one waits)",
)
def application_send(request: AuthedHttpRequest, outsourcer_id: int, payload: ApplicationIn):
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    application = services.application_send(
        by=request.user, outsourcer=outsourcer, message=payload.message
    )
    return Status(201, _application_out(application))


@outsourcers_router.get(
    "/{int:outsourcer_id}/applications",
    response=list[ApplicationOut],
    summary="Applications the outsourcer received (its people, staff)",
)
def application_list(request: AuthedHttpRequest, outsourcer_id: int):
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    return [
        _application_out(a)
        for a in selectors.applications_for_outsourcer(user=request.user, outsourcer=outsourcer)[
            :200
        ]
    ]


@outsourcers_router.post(
    "/{int:outsourcer_id}/applications/{int:application_id}/answer",
    response=ApplicationOut,
    summary="Accept or decline an application",
)
def application_answer(
    request: AuthedHttpRequest,
    outsourcer_id: int,
    application_id: int,
    payload: ApplicationAnswerIn,
):
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    application = outsourcer.applications.filter(pk=application_id).first()
    if application is None:
        raise NotFound(_("No such application."))
    application = services.application_answer(
        by=request.user, application=application, accept=payload.accept, answer=payload.answer
    )
    return _application_out(application)


@board_router.get(
    "/applications/targets",
    response=list[OutsourcerOut],
    summary="Outsourcers taking applications whose criteria you meet (linguists)",
)
def application_targets(request: AuthedHttpRequest):
    return [
        _outsourcer_out(o, user=request.user)
        for o in selectors.application_targets(user=request.user)
    ]
