from django.http import HttpRequest
from ninja import Router, Schema

from dragoman.catalog.models import Language

router = Router(tags=["reference data"])


class LanguageOut(Schema):
    code: str
    name: str
    english_name: str


@router.get("/languages", response=list[LanguageOut], summary="Languages in use")
def language_list(request: HttpRequest):  # type: ignore[no-untyped-def]
    return [
        {"code": lang.code, "name": lang.display_name(), "english_name": lang.english_name}
        for lang in Language.objects.filter(is_active=True)
    ]
