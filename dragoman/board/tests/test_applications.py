"""Applications to outsourcers (Blue Board FAQ section 4)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from dragoman.board import permissions, selectors, services
from dragoman.board.models import Application
from dragoman.board.tests.factories import make_entries
from dragoman.catalog.models import Language, Topic
from dragoman.core.errors import Conflict, Forbidden
from dragoman.linguists.services import linguist_profile_update
from dragoman.notifications.models import Notification

pytestmark = pytest.mark.django_db

START = datetime(2026, 4, 1, 10, 0, tzinfo=UTC)


def lang(code):
    return Language.objects.get(code=code)


@pytest.fixture
def accepting(world, outsourcer):
    """Acme takes applications for English into Russian from native Russian speakers."""
    return services.application_settings_set(
        by=world.manager,
        outsourcer=outsourcer,
        accepting=True,
        pairs=[(lang("en"), lang("ru"))],
        native_languages=[lang("ru")],
    )


@pytest.fixture
def russian_native(world):
    profile = world.linguist.linguist_profile
    linguist_profile_update(by=world.linguist, profile=profile, native_languages=[lang("ru")])
    return world.linguist


def test_a_matching_linguist_applies_and_the_outsourcer_hears_of_it(
    world, outsourcer, accepting, russian_native
):
    assert selectors.application_targets(user=russian_native) == [outsourcer]
    application = services.application_send(by=russian_native, outsourcer=outsourcer)
    assert application.status == "sent"
    told = Notification.objects.filter(kind="board_application_received")
    assert {n.recipient.email for n in told} == {
        "manager@example.test",
        "requester@example.test",
        "observer@example.test",
    }
    assert "Secretname" not in told.first().title


def test_a_linguist_who_does_not_meet_the_criteria_cannot_apply(world, outsourcer, accepting):
    # The world's linguist translates en→ru but has no native language set.
    assert selectors.application_targets(user=world.linguist) == []
    with pytest.raises(Forbidden) as error:
        services.application_send(by=world.linguist, outsourcer=outsourcer)
    assert error.value.code == "criteria_not_met"


def test_each_criterion_must_be_met(world, outsourcer, russian_native):
    services.application_settings_set(
        by=world.manager,
        outsourcer=outsourcer,
        accepting=True,
        specialisations=[Topic.objects.first()],
    )
    with pytest.raises(Forbidden):
        services.application_send(by=russian_native, outsourcer=outsourcer)
    linguist_profile_update(
        by=russian_native,
        profile=russian_native.linguist_profile,
        specialisations=[Topic.objects.first()],
    )
    services.application_send(by=russian_native, outsourcer=outsourcer)


@pytest.mark.parametrize("role", ["partner_manager", "manager", "staff"])
def test_only_linguists_apply(world, outsourcer, accepting, role):
    with pytest.raises(Forbidden):
        services.application_send(by=world.user(role), outsourcer=outsourcer)


@pytest.mark.parametrize(("days", "allowed"), [(89, False), (90, True)])
def test_once_in_90_days_per_outsourcer(
    world, outsourcer, accepting, russian_native, days, allowed
):
    with time_machine.travel(START, tick=False):
        application = services.application_send(by=russian_native, outsourcer=outsourcer)
        services.application_answer(by=world.manager, application=application, accept=False)
    with time_machine.travel(START + timedelta(days=days), tick=False):
        if allowed:
            services.application_send(by=russian_native, outsourcer=outsourcer)
        else:
            with pytest.raises(Conflict) as error:
                services.application_send(by=russian_native, outsourcer=outsourcer)
            assert error.value.code == "application_too_soon"
            assert "from 2026-06-30" in error.value.message


def test_an_unanswered_application_blocks_the_next_one_even_after_90_days(
    world, outsourcer, accepting, russian_native
):
    with time_machine.travel(START, tick=False):
        services.application_send(by=russian_native, outsourcer=outsourcer)
    with (
        time_machine.travel(START + timedelta(days=200), tick=False),
        pytest.raises(Conflict) as error,
    ):
        services.application_send(by=russian_native, outsourcer=outsourcer)
    assert error.value.code == "application_unanswered"


def test_only_the_outsourcers_people_set_criteria_and_answer(
    world, outsourcer, accepting, russian_native
):
    with pytest.raises(Forbidden):
        services.application_settings_set(by=world.linguist, outsourcer=outsourcer, accepting=True)
    application = services.application_send(by=russian_native, outsourcer=outsourcer)
    with pytest.raises(Forbidden):
        services.application_answer(by=world.other_manager, application=application, accept=True)
    services.application_answer(
        by=world.observer, application=application, accept=True, answer="Welcome"
    )
    note = Notification.objects.get(kind="board_application_answered")
    assert note.recipient == russian_native and note.body == "Welcome"
    with pytest.raises(Conflict):
        services.application_answer(by=world.manager, application=application, accept=False)


def test_a_low_average_or_an_open_non_payment_report_closes_applications(
    world, outsourcer, settings
):
    make_entries(outsourcer, [3, 2])  # 2.5, below 3.0
    with pytest.raises(Conflict) as error:
        services.application_settings_set(by=world.manager, outsourcer=outsourcer, accepting=True)
    assert error.value.code == "applications_closed"
    settings.BOARD_APPLICATIONS_MIN_AVERAGE_TENTHS = 25
    services.application_settings_set(by=world.manager, outsourcer=outsourcer, accepting=True)
    outsourcer.open_nonpayment_count = 1
    assert "non-payment" in permissions.applications_closed_reason(outsourcer)


def test_applying_and_answering_on_the_pages(world, client_as, outsourcer, russian_native):
    client = client_as(world.manager)
    path = f"/board/outsourcers/{outsourcer.pk}/applications/"
    client.post(
        path,
        {
            "action": "settings",
            "accepting": "on",
            "pairs": "en>ru",
            "native_languages": [lang("ru").pk],
        },
    )
    linguist = client_as(russian_native)
    assert outsourcer.name in linguist.get("/board/applications/").content.decode()
    assert b"Apply now" in linguist.get(path).content
    linguist.post(path, {"action": "apply", "message": "I translate contracts."})
    page = client_as(world.manager).get(path).content.decode()
    pseudonym = russian_native.linguist_profile.pseudonym
    assert pseudonym in page and "I translate contracts." in page and "Secretname" not in page
    application = Application.objects.get()
    tampered = client_as(world.manager).post(
        path, {"action": "accept", "application": "first", "answer": "Welcome"}
    )
    assert tampered.status_code in (200, 302)
    client_as(world.manager).post(
        path, {"action": "accept", "application": application.pk, "answer": "Welcome"}
    )
    application.refresh_from_db()
    assert application.status == "accepted"
    assert client_as(world.other_manager).get(path).status_code == 200
    assert b"I translate contracts." not in client_as(world.other_manager).get(path).content


def test_applications_through_the_api(world, client, outsourcer, russian_native):
    from dragoman.accounts.tests.factories import api

    path = f"/outsourcers/{outsourcer.pk}"
    settings_body = {"accepting": True, "pairs": [["en", "ru"]], "native_languages": ["ru"]}
    assert (
        api(
            client, world.linguist, "put", f"{path}/application-settings", settings_body
        ).status_code
        == 403
    )
    bad = {"accepting": True, "pairs": [["en", "xx"]]}
    assert api(client, world.manager, "put", f"{path}/application-settings", bad).status_code == 422
    assert (
        api(client, world.manager, "put", f"{path}/application-settings", settings_body).status_code
        == 200
    )
    targets = api(client, russian_native, "get", "/board/applications/targets").json()
    assert [t["id"] for t in targets] == [outsourcer.pk]
    sent = api(client, russian_native, "post", f"{path}/applications", {"message": "Hello"})
    assert sent.status_code == 201
    assert sent.json()["provider"] == russian_native.linguist_profile.pseudonym
    again = api(client, russian_native, "post", f"{path}/applications", {"message": "Again"})
    assert again.status_code == 409 and again.json()["code"] == "application_unanswered"
    assert api(client, world.other_manager, "get", f"{path}/applications").status_code == 403
    listed = api(client, world.observer, "get", f"{path}/applications").json()
    assert [a["message"] for a in listed] == ["Hello"]
    answer = api(
        client,
        world.manager,
        "post",
        f"{path}/applications/{sent.json()['id']}/answer",
        {"accept": True, "answer": "Welcome"},
    )
    assert answer.json()["status"] == "accepted"


def test_the_providers_country_is_a_criterion_too(world, outsourcer, russian_native):
    profile = russian_native.linguist_profile
    linguist_profile_update(by=russian_native, profile=profile, country="FI")
    services.application_settings_set(
        by=world.manager, outsourcer=outsourcer, accepting=True, countries=["de", "AT"]
    )
    assert selectors.application_targets(user=russian_native) == []
    with pytest.raises(Forbidden):
        services.application_send(by=russian_native, outsourcer=outsourcer)
    linguist_profile_update(by=russian_native, profile=profile, country="DE")
    assert selectors.application_targets(user=russian_native) == [outsourcer]
    services.application_send(by=russian_native, outsourcer=outsourcer)


def test_unknown_country_codes_are_refused_by_the_api(world, client, outsourcer):
    from dragoman.accounts.services import api_token_create

    _, token = api_token_create(user=world.manager, name="t")
    response = client.put(
        f"/api/v1/outsourcers/{outsourcer.pk}/application-settings",
        {"accepting": True, "countries": ["DE", "XX"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert response.json()["fields"]["countries"] == ["XX"]
    outsourcer.refresh_from_db()
    assert not hasattr(outsourcer, "application_settings") or not (
        outsourcer.application_settings.accepting
    )
