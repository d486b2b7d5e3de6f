from __future__ import annotations

from dragoman.accounts.models import User
from dragoman.accounts.tests.factories import UserFactory
from dragoman.catalog.models import Language
from dragoman.linguists.models import LinguistProfile
from dragoman.linguists.services import linguist_profile_create, linguist_profile_update


def make_linguist(
    *,
    user: User | None = None,
    pairs: tuple[tuple[str, str], ...] = (("en", "ru"),),
    **kwargs: object,
) -> LinguistProfile:
    """A linguist made through the same services staff use."""
    user = user or UserFactory(**kwargs)
    profile = linguist_profile_create(user=user, by=None)
    languages = {lang.code: lang for lang in Language.objects.all()}
    return linguist_profile_update(
        by=user, profile=profile, language_pairs=[(languages[s], languages[t]) for s, t in pairs]
    )
