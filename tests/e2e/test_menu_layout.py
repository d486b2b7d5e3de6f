"""The top menu: one line for staff on a 1 280 px screen, in English and in Russian, and
usable on a phone without scrolling sideways."""

import pytest

from dragoman.accounts.tests.factories import PASSWORD
from dragoman.notifications.models import Notification

TOP_ITEMS = "header.topbar nav > ul > li"


def staff_page(browser, asgi_server, world, *, width, height, language="en"):
    """A staff member with a two-digit unread count (the widest badge) logged in at ``width``."""
    world.staff.full_name = "Alexandra Staffer"
    world.staff.language = language
    world.staff.save()
    Notification.objects.bulk_create(
        Notification(recipient=world.staff, kind="order_submitted", title=f"Request #{n}")
        for n in range(12)
    )
    context = browser.new_context(
        base_url=asgi_server.url, viewport={"width": width, "height": height}, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", world.staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{asgi_server.url}/")
    return page


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_staff_menu_stays_on_one_line_at_1280_px(world, browser, asgi_server, language):
    page = staff_page(browser, asgi_server, world, width=1280, height=800, language=language)
    page.screenshot(path=f"var/e2e/menu-staff-1280-{language}.png")

    nav = page.locator("header.topbar nav").bounding_box()
    items = [li.bounding_box() for li in page.locator(TOP_ITEMS).all()]
    tallest = max(item["height"] for item in items)
    assert len(items) >= 9  # the brand, the staff's links, the account menu, the language
    # One line: the menu is as tall as its tallest item, and every item shares that line.
    assert nav["height"] <= tallest + 1, f"menu {nav['height']:.0f} px high, one line is {tallest}"
    for item in items:
        assert item["y"] < nav["y"] + tallest / 2 < item["y"] + item["height"]
    page.context.close()


def test_the_staff_console_is_in_the_account_menu(world, browser, asgi_server):
    page = staff_page(browser, asgi_server, world, width=1280, height=800)
    account_menu = page.locator("details.dropdown")
    account_menu.locator("summary").click()
    account_menu.get_by_role("link", name="Staff console").click()
    page.wait_for_url(f"{asgi_server.url}/staff/")
    page.context.close()


def test_the_menu_works_on_a_phone(world, browser, asgi_server):
    page = staff_page(browser, asgi_server, world, width=390, height=844)
    page.screenshot(path="var/e2e/menu-staff-390.png")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for li in page.locator(TOP_ITEMS).all():
        box = li.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, li.inner_text()
    page.locator("details.dropdown > summary").click()
    log_out = page.get_by_role("link", name="Log out")
    box = log_out.bounding_box()
    assert log_out.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path="var/e2e/menu-staff-390-open.png")
    page.locator("details.dropdown > summary").click()  # closed again
    page.get_by_role("link", name="Assignment queue").click()
    page.wait_for_url(f"{asgi_server.url}/assignments/**")
    page.context.close()
