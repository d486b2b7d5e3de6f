"""The whole life of an event request in a browser, each person in their own session.

Requester creates an event request -> staff quote it -> the requester accepts -> staff offer it
to the first suggested linguist -> the linguist accepts under "Requests needing attention" ->
the requester sees it in progress, naming the linguist only by pseudonym.
"""

import re
from datetime import timedelta

from django.utils import timezone

from dragoman.accounts.tests.factories import PASSWORD
from dragoman.catalog.models import Language, Service
from dragoman.linguists.models import LanguagePair
from dragoman.orders.models import Order


def log_in(browser, asgi_server, email):
    context = browser.new_context(base_url=asgi_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()
    page.wait_for_url(re.compile(r"/$"))
    return page


def test_an_event_request_goes_from_the_requester_to_a_confirmed_anonymous_interpreter(
    world, browser, asgi_server
):
    world.requester.memberships.get().allowed_services.set(Service.objects.all())
    profile = world.linguist.linguist_profile
    profile.services.set(Service.objects.filter(code="simultaneous"))
    LanguagePair.objects.get_or_create(
        profile=profile,
        source=Language.objects.get(code="de"),
        target=Language.objects.get(code="en"),
    )

    # 1. The requester creates an event request: the form shows the event's fields.
    requester = log_in(browser, asgi_server, "requester@example.test")
    requester.goto("/requests/new/")
    requester.fill("input[name=title]", "Annual shareholder meeting")
    requester.select_option("select[name=service]", label="Simultaneous interpreting")
    assert requester.locator("input[name=deadline]").is_hidden()
    requester.select_option("select[name=source_language]", label="German (de)")
    requester.select_option("select[name=target_language]", label="English (en)")
    requester.select_option("select[name=topic]", index=1)
    start = timezone.localtime() + timedelta(days=14)
    requester.fill("input[name=starts_at]", start.strftime("%Y-%m-%dT10:00"))
    requester.fill("input[name=duration_minutes]", "120")
    requester.select_option("select[name=time_zone]", "Europe/Berlin")
    requester.get_by_role("button", name="Submit the request").click()
    requester.get_by_text("is submitted").wait_for()
    order = Order.objects.get(title="Annual shareholder meeting")
    assert requester.get_by_test_id("order-status").inner_text() == "Submitted"

    # 2. Staff quote it from the request page.
    staff = log_in(browser, asgi_server, "staff@example.test")
    staff.goto(f"/requests/{order.pk}/")
    staff.fill("input[name=lines-0-description]", "Simultaneous interpreting, 2 hours")
    staff.fill("input[name=lines-0-quantity]", "2")
    staff.select_option("select[name=lines-0-unit]", "hour")
    staff.fill("input[name=lines-0-unit_price]", "150")
    staff.get_by_role("button", name=re.compile("Send the quote", re.I)).click()
    staff.get_by_text("The quote is sent.").wait_for()

    # 3. The requester accepts the quote.
    requester.goto(f"/requests/{order.pk}/")
    requester.get_by_text("300.00 EUR").first.wait_for()
    requester.get_by_role("button", name=re.compile("Accept the quote", re.I)).click()
    requester.get_by_text("the work starts").wait_for()

    # 4. Staff find it in the assignment queue and offer it to the first suggestion.
    staff.goto("/assignments/queue/")
    staff.get_by_role("link", name=re.compile("Annual shareholder meeting")).first.click()
    first = staff.get_by_test_id("suggestion").first
    assert profile.pseudonym in first.inner_text()
    assert "Lena Secretname" in first.inner_text()  # staff know who it is
    first.get_by_role("button", name="Offer").click()
    staff.get_by_text(f"Offered to {profile.pseudonym}").wait_for()

    # 5. The linguist accepts under "Requests needing attention".
    linguist = log_in(browser, asgi_server, "linguist@example.test")
    offer = linguist.get_by_test_id("offer").filter(has_text="Annual shareholder meeting")
    offer.get_by_role("button", name="Accept").click()
    linguist.get_by_text(f"You accepted request #{order.pk}").wait_for()

    # 6. The requester sees it confirmed and in progress, with the pseudonym only.
    requester.goto(f"/requests/{order.pk}/")
    assert requester.get_by_test_id("order-status").inner_text() == "In progress"
    assert requester.get_by_test_id("linguist").inner_text() == profile.pseudonym
    html = requester.content()
    assert "Secretname" not in html and "linguist@example.test" not in html
    # And was told so in the notifications.
    requester.goto("/notifications/")
    assert requester.get_by_text(profile.pseudonym).first.is_visible()
    for page in (requester, staff, linguist):
        page.context.close()
