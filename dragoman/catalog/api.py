from ninja import Schema

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.catalog.models import Language, Service, Topic
from dragoman.core.api import ApiRouter

router = ApiRouter(tags=["reference data"])


class LanguageOut(Schema):
    code: str
    name: str
    english_name: str


class ServiceOut(Schema):
    code: str
    kind: str
    name: str


class TopicOut(Schema):
    id: int
    name: str
    english_name: str


@router.get("/languages", response=list[LanguageOut], summary="Languages in use")
def language_list(request: AuthedHttpRequest):
    return [
        {"code": lang.code, "name": lang.display_name(), "english_name": lang.english_name}
        for lang in Language.objects.filter(is_active=True)
    ]


@router.get("/services", response=list[ServiceOut], summary="Services offered")
def service_list(request: AuthedHttpRequest):
    return [
        {"code": s.code, "kind": s.kind, "name": s.display_name()}
        for s in Service.objects.filter(is_active=True)
    ]


@router.get("/topics", response=list[TopicOut], summary="The shared topic list")
def topic_list(request: AuthedHttpRequest):
    return [
        {"id": t.pk, "name": t.display_name(), "english_name": t.name}
        for t in Topic.objects.filter(is_active=True)
    ]
