import pytest

from dragoman.accounts.tests.factories import UserFactory
from dragoman.catalog.models import Language, Service, Topic, language_name
from dragoman.core.errors import Conflict, Forbidden, ValidationFailed
from dragoman.linguists.models import LinguistProfile
from dragoman.linguists.services import linguist_profile_create, linguist_profile_update
from dragoman.linguists.tests.factories import make_linguist

pytestmark = pytest.mark.django_db


def lang(code):
    return Language.objects.get(code=code)


def test_every_linguist_gets_a_unique_pseudonym_that_never_changes(world):
    profiles = [make_linguist() for _ in range(30)]
    pseudonyms = [p.pseudonym for p in profiles]
    assert len(set(pseudonyms)) == 30
    first = profiles[0]
    linguist_profile_update(by=first.user, profile=first, country="FI", bio="New bio")
    first.refresh_from_db()
    assert first.pseudonym == pseudonyms[0]


def test_a_pseudonym_says_nothing_of_the_person(world):
    profile = world.linguist.linguist_profile
    for part in ("Lena", "Secretname", "linguist", "example"):
        assert part.lower() not in profile.pseudonym.lower()


def test_only_staff_register_linguists_and_contacts_cannot_be_linguists(world):
    with pytest.raises(Forbidden):
        linguist_profile_create(user=UserFactory(), by=world.manager)
    with pytest.raises(Conflict):
        linguist_profile_create(user=world.requester, by=world.staff)
    with pytest.raises(Conflict):
        linguist_profile_create(user=world.linguist, by=world.staff)


def test_a_linguist_edits_pairs_services_and_specialisations_and_it_is_audited(world):
    from dragoman.core.models import AuditEvent

    profile = world.linguist.linguist_profile
    linguist_profile_update(
        by=world.linguist,
        profile=profile,
        language_pairs=[(lang("fi"), lang("en")), (lang("en"), lang("fi"))],
        native_languages=[lang("fi")],
        services=Service.objects.filter(code="consecutive"),
        specialisations=Topic.objects.filter(name="Sport"),
        country="FI",
    )
    profile.refresh_from_db()
    assert sorted(str(p) for p in profile.language_pairs.all()) == ["en → fi", "fi → en"]
    assert [s.code for s in profile.services.all()] == ["consecutive"]
    event = AuditEvent.objects.filter(action="linguist.updated").latest("id")
    assert event.changes["language_pairs"] == [["en>ru"], ["en>fi", "fi>en"]]


def test_a_pair_of_one_language_or_no_pair_at_all_is_refused(world):
    profile = world.linguist.linguist_profile
    with pytest.raises(ValidationFailed):
        linguist_profile_update(
            by=world.linguist, profile=profile, language_pairs=[(lang("en"), lang("en"))]
        )
    with pytest.raises(ValidationFailed):
        linguist_profile_update(by=world.linguist, profile=profile, language_pairs=[])
    assert [str(p) for p in profile.language_pairs.all()] == ["en → ru"]


def test_another_linguist_cannot_edit_the_profile(world):
    other = make_linguist()
    with pytest.raises(Forbidden):
        linguist_profile_update(by=other.user, profile=world.linguist.linguist_profile, bio="x")


def test_language_names_come_from_cldr_in_the_readers_language(reference_data):
    assert language_name("de", "en") == "German"
    assert language_name("de", "ru") == "Немецкий"
    assert language_name("ka", "fr") == "Géorgien"
    assert lang("fi").display_name("bg") == "Фински"


def test_staff_add_languages_by_valid_code_only(db):
    from django.core.exceptions import ValidationError

    Language(code="sr-Latn").full_clean()
    with pytest.raises(ValidationError):
        Language(code="xx-notalanguage-123456").full_clean()


def test_the_profile_page_saves_pairs_from_the_form(world, client):
    client.force_login(world.linguist)
    en, fr, de = lang("en"), lang("fr"), lang("de")
    response = client.post(
        "/linguist/profile/",
        {
            "pairs-TOTAL_FORMS": "3",
            "pairs-INITIAL_FORMS": "1",
            "pairs-MIN_NUM_FORMS": "0",
            "pairs-MAX_NUM_FORMS": "30",
            "pairs-0-source": en.pk,
            "pairs-0-target": fr.pk,
            "pairs-1-source": de.pk,
            "pairs-1-target": fr.pk,
            "pairs-2-source": "",
            "pairs-2-target": "",
            "native_languages": [fr.pk],
            "services": [Service.objects.get(code="translation").pk],
            "country": "FR",
            "is_available": "on",
        },
    )
    assert response.status_code == 302
    profile = LinguistProfile.objects.get(user=world.linguist)
    assert sorted(str(p) for p in profile.language_pairs.all()) == ["de → fr", "en → fr"]


def test_the_profile_page_explains_a_half_filled_pair(world, client):
    client.force_login(world.linguist)
    response = client.post(
        "/linguist/profile/",
        {
            "pairs-TOTAL_FORMS": "1",
            "pairs-INITIAL_FORMS": "0",
            "pairs-MIN_NUM_FORMS": "0",
            "pairs-MAX_NUM_FORMS": "30",
            "pairs-0-source": lang("en").pk,
            "pairs-0-target": "",
        },
    )
    assert response.status_code == 200
    assert "Choose both languages" in response.content.decode()
    assert [str(p) for p in world.linguist.linguist_profile.language_pairs.all()] == ["en → ru"]
