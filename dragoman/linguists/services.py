"""Changes to linguist profiles."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_countries import countries

from dragoman.accounts.models import User
from dragoman.catalog.models import Language, Service, Topic
from dragoman.core import audit
from dragoman.core.errors import Conflict, Forbidden, ValidationFailed
from dragoman.core.permissions import actor_for, forget_actor
from dragoman.linguists.models import LanguagePair, LinguistProfile
from dragoman.linguists.permissions import can_edit_linguist_profile
from dragoman.linguists.pseudonyms import random_pseudonym


@transaction.atomic
def linguist_profile_create(*, user: User, by: User | None) -> LinguistProfile:
    """Make ``user`` a linguist with a fresh, unique, permanent pseudonym."""
    if by is not None and not actor_for(by).is_staff:
        raise Forbidden(_("Only platform staff register linguists."))
    if hasattr(user, "linguist_profile"):
        raise Conflict(_("This person already has a linguist profile."), code="already_linguist")
    if user.memberships.exists():
        raise Conflict(
            _("A client or partner contact cannot also be a linguist; use another e-mail."),
            code="is_contact",
        )
    for _attempt in range(20):
        pseudonym = random_pseudonym()
        if LinguistProfile.objects.filter(pseudonym=pseudonym).exists():
            continue
        try:
            with transaction.atomic():
                profile = LinguistProfile.objects.create(user=user, pseudonym=pseudonym)
            break
        except IntegrityError:  # another process took the same pseudonym meanwhile
            continue
    else:  # pragma: no cover - 2 500 × 90 names make twenty misses practically impossible
        raise Conflict(_("Could not find a free pseudonym; try again."))
    forget_actor(user)
    audit.record(actor=by, action="linguist.created", target=profile)
    return profile


def _pairs_summary(profile: LinguistProfile) -> list[str]:
    return sorted(f"{p.source.code}>{p.target.code}" for p in profile.language_pairs.all())


@transaction.atomic
def linguist_profile_update(
    *,
    by: User,
    profile: LinguistProfile,
    language_pairs: Iterable[tuple[Language, Language]] | None = None,
    native_languages: Iterable[Language] | None = None,
    services: Iterable[Service] | None = None,
    specialisations: Iterable[Topic] | None = None,
    country: str | None = None,
    bio: str | None = None,
    is_available: bool | None = None,
) -> LinguistProfile:
    """Update a profile. A linguist needs at least one language pair between two languages."""
    if not can_edit_linguist_profile(actor_for(by), profile):
        raise Forbidden(_("You may not edit this profile."))
    before = {
        "language_pairs": _pairs_summary(profile),
        "native_languages": sorted(lang.code for lang in profile.native_languages.all()),
        "services": sorted(s.code for s in profile.services.all()),
        "specialisations": sorted(t.name for t in profile.specialisations.all()),
        "country": str(profile.country),
        "is_available": profile.is_available,
    }
    if language_pairs is not None:
        pairs = list(dict.fromkeys((s.pk, t.pk) for s, t in language_pairs))
        if not pairs:
            raise ValidationFailed(
                _("Add at least one language pair."),
                fields={"language_pairs": [_("Required.")]},
            )
        if any(s == t for s, t in pairs):
            raise ValidationFailed(
                _("A language pair needs two different languages."),
                fields={"language_pairs": [_("Source and target are the same.")]},
            )
        profile.language_pairs.all().delete()
        LanguagePair.objects.bulk_create(
            LanguagePair(profile=profile, source_id=s, target_id=t) for s, t in pairs
        )
    if native_languages is not None:
        profile.native_languages.set(list(native_languages))
    if services is not None:
        profile.services.set(list(services))
    if specialisations is not None:
        profile.specialisations.set(list(specialisations))
    if country is not None:
        if country and country not in countries:
            raise ValidationFailed(
                _("%(code)s is not a country code.") % {"code": country},
                fields={"country": [_("Use a two-letter ISO 3166 code, e.g. FI.")]},
            )
        profile.country = country
    if bio is not None:
        profile.bio = bio
    if is_available is not None:
        profile.is_available = is_available
    profile.save()
    profile = LinguistProfile.objects.prefetch_related(
        "language_pairs__source",
        "language_pairs__target",
        "native_languages",
        "services",
        "specialisations",
    ).get(pk=profile.pk)
    after = {
        "language_pairs": _pairs_summary(profile),
        "native_languages": sorted(lang.code for lang in profile.native_languages.all()),
        "services": sorted(s.code for s in profile.services.all()),
        "specialisations": sorted(t.name for t in profile.specialisations.all()),
        "country": str(profile.country),
        "is_available": profile.is_available,
    }
    changes = audit.diff(before, after)
    if changes:
        audit.record(actor=by, action="linguist.updated", target=profile, changes=changes)
    return profile


@transaction.atomic
def calendar_token_renew(*, profile: LinguistProfile) -> str:
    """A new secret address for the linguist's calendar feed; the old one stops working at
    once."""
    profile.calendar_token = secrets.token_urlsafe(32)
    profile.save(update_fields=["calendar_token", "updated_at"])
    return profile.calendar_token
