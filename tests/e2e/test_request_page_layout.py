"""A request page fits its screen: the file tables fit their place or scroll inside it, so a
Remove button is never cut or covered, and nothing makes the page scroll sideways."""

import pytest

from dragoman.accounts.tests.factories import PASSWORD
from dragoman.catalog.models import Service
from dragoman.orders.services import order_file_add, quote_send
from dragoman.orders.tests.factories import PDF, make_order, move, upload

LONG_NAME = "Geschäftsbericht-2026-Kapitel-1-5-mit-Anhängen.pdf"


@pytest.fixture
def order_with_a_file(world, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    world.requester.memberships.get().allowed_services.set(Service.objects.all())
    order = make_order(world)
    quote_send(
        order=order,
        by=world.staff,
        lines=[
            {
                "description": "Translation DE→FR",
                "quantity": "40",
                "unit": "page",
                "unit_price": "32",
            }
        ],
    )
    order = move(order, "in_progress", linguist=world.linguist)
    order_file_add(order=order, by=world.requester, upload=upload(LONG_NAME, PDF), kind="source")
    return order


def box_inside(inner: dict, outer: dict) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
    )


@pytest.mark.parametrize("width", [1280, 900, 390])
def test_the_remove_button_is_whole_inside_the_file_table(
    world, browser, asgi_server, order_with_a_file, width
):
    context = browser.new_context(
        base_url=asgi_server.url, viewport={"width": width, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", world.requester.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{asgi_server.url}/")
    page.goto(f"/requests/{order_with_a_file.pk}/")

    table = page.get_by_test_id("source-files")
    # Bring the table into view by scrolling the page down only: the button must show
    # without scrolling sideways.
    table.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 100)")
    page.screenshot(path=f"var/e2e/request-files-{width}.png")
    button = table.get_by_role("button", name="Remove")
    box = button.bounding_box()
    # The table's own place (its parent: the column, or a scrolling frame), narrowed by every
    # ancestor that clips what overflows it.
    visible_area = table.evaluate(
        """el => {
            const place = el.parentElement.getBoundingClientRect();
            let left = place.left, right = place.right;
            for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
                if (getComputedStyle(up).overflowX !== 'visible') {
                    const r = up.getBoundingClientRect();
                    left = Math.max(left, r.left);
                    right = Math.min(right, r.right);
                }
            }
            return {x: left, width: right - left};
        }"""
    )
    assert box_inside(box, visible_area), (box, visible_area)
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    # Nothing covers either end of the button (the next column did, cutting it).
    for x in (box["x"] + 3, box["x"] + box["width"] - 3):
        hit = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y)?.closest('button')?.textContent.trim()",
            [x, box["y"] + box["height"] / 2],
        )
        assert hit == "Remove", f"something else at x={x:.0f}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    button.click()
    page.get_by_text(f"“{LONG_NAME}” is removed.").wait_for()
    context.close()
