from django.utils.translation import gettext_lazy
from ninja import Query, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import Field, StrictBool

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.catalog.models import Language, Service, Topic
from dragoman.core.api import ApiRouter, InputSchema
from dragoman.core.errors import ValidationFailed
from dragoman.linguists import selectors, services
from dragoman.linguists.models import LinguistProfile

router = ApiRouter(tags=["linguists"])


class PairOut(Schema):
    source: str
    target: str
    source_name: str
    target_name: str


class LinguistOut(Schema):
    """Identity fields are here because only staff and the linguist themself may read this."""

    id: int
    pseudonym: str
    full_name: str
    email: str
    country: str
    bio: str
    is_available: bool
    language_pairs: list[PairOut]
    native_languages: list[str]
    services: list[str]
    specialisations: list[str]

    @staticmethod
    def resolve_full_name(obj: LinguistProfile) -> str:
        return obj.user.full_name

    @staticmethod
    def resolve_email(obj: LinguistProfile) -> str:
        return obj.user.email

    @staticmethod
    def resolve_country(obj: LinguistProfile) -> str:
        return str(obj.country or "")

    @staticmethod
    def resolve_language_pairs(obj: LinguistProfile) -> list[dict]:
        return [
            {
                "source": p.source.code,
                "target": p.target.code,
                "source_name": p.source.display_name(),
                "target_name": p.target.display_name(),
            }
            for p in obj.language_pairs.all()
        ]

    @staticmethod
    def resolve_native_languages(obj: LinguistProfile) -> list[str]:
        return sorted(lang.code for lang in obj.native_languages.all())

    @staticmethod
    def resolve_services(obj: LinguistProfile) -> list[str]:
        return sorted(s.code for s in obj.services.all())

    @staticmethod
    def resolve_specialisations(obj: LinguistProfile) -> list[str]:
        return sorted(t.name for t in obj.specialisations.all())


class PairIn(InputSchema):
    source: str
    target: str


class LinguistPatch(InputSchema):
    language_pairs: list[PairIn] | None = None
    native_languages: list[str] | None = None
    services: list[str] | None = None
    specialisations: list[str] | None = Field(None, description="Topic names")
    country: str | None = None
    bio: str | None = Field(None, max_length=4000)
    is_available: StrictBool | None = None


class LinguistFilters(Schema):
    source: str | None = None
    target: str | None = None
    service: str | None = None
    q: str | None = None


UNKNOWN = {
    "languages": gettext_lazy("Unknown language codes: %(values)s."),
    "services": gettext_lazy("Unknown services: %(values)s."),
    "specialisations": gettext_lazy("Unknown specialisations: %(values)s."),
}


def _by(model, field: str, values: list[str], label: str, sent_as: str) -> dict:
    found = {getattr(obj, field): obj for obj in model.objects.filter(**{f"{field}__in": values})}
    missing = sorted(set(values) - set(found))
    if missing:
        raise ValidationFailed(
            str(UNKNOWN[label]) % {"values": ", ".join(missing)}, fields={sent_as: missing}
        )
    return found


@router.get(
    "",
    response=list[LinguistOut],
    summary="Linguists (staff; a linguist sees only themself)",
)
@paginate(PageNumberPagination, page_size=50)
def linguist_list(request: AuthedHttpRequest, filters: Query[LinguistFilters]):
    return selectors.linguist_list(
        user=request.user,
        source=filters.source,
        target=filters.target,
        service=filters.service,
        search=filters.q,
    )


@router.get("/{int:profile_id}", response=LinguistOut, summary="One linguist")
def linguist_detail(request: AuthedHttpRequest, profile_id: int):
    return selectors.linguist_get_for_user(user=request.user, profile_id=profile_id)


@router.patch(
    "/{int:profile_id}",
    response=LinguistOut,
    summary="Edit a linguist profile (the linguist or staff)",
)
def linguist_update(request: AuthedHttpRequest, profile_id: int, payload: LinguistPatch):
    profile = selectors.linguist_get_for_user(user=request.user, profile_id=profile_id)
    data = payload.model_dump(exclude_unset=True)
    kwargs: dict = {}
    if data.get("language_pairs") is not None:
        codes = [c for p in data["language_pairs"] for c in (p["source"], p["target"])]
        languages = _by(Language, "code", codes, "languages", "language_pairs")
        kwargs["language_pairs"] = [
            (languages[p["source"]], languages[p["target"]]) for p in data["language_pairs"]
        ]
    if data.get("native_languages") is not None:
        kwargs["native_languages"] = list(
            _by(
                Language, "code", data["native_languages"], "languages", "native_languages"
            ).values()
        )
    if data.get("services") is not None:
        kwargs["services"] = list(
            _by(Service, "code", data["services"], "services", "services").values()
        )
    if data.get("specialisations") is not None:
        kwargs["specialisations"] = list(
            _by(
                Topic, "name", data["specialisations"], "specialisations", "specialisations"
            ).values()
        )
    for name in ("country", "bio", "is_available"):
        if name in data:
            kwargs[name] = data[name]
    services.linguist_profile_update(by=request.user, profile=profile, **kwargs)
    return selectors.linguist_get_for_user(user=request.user, profile_id=profile_id)
