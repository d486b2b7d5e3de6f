"""A requester uploads source files, the linguist reports progress and delivers, the
requester downloads the deliverable: through the real pages, on a desktop and a phone."""

import re

from dragoman.accounts.tests.factories import PASSWORD
from dragoman.catalog.models import Service
from dragoman.orders.tests.factories import DOCX, PDF, PE, in_progress


def log_in(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()
    page.wait_for_url(re.compile(r"/$"))


def test_files_progress_and_delivery_through_the_pages(
    world, page, asgi_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    world.requester.memberships.get().allowed_services.set(Service.objects.all())
    order = in_progress(world)

    # The requester tries a disguised program first: refused, named, nothing lost.
    log_in(page, "requester@example.test")
    page.goto(f"/requests/{order.pk}/")
    page.set_input_files(
        "input[name=files]",
        [
            {"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": PE},
            {"name": "contract.pdf", "mimeType": "application/pdf", "buffer": PDF},
        ],
    )
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("“invoice.pdf” is a program, not a PDF document").wait_for()
    assert page.locator("[data-testid=source-files]").get_by_text("contract.pdf").is_visible()
    page.screenshot(path="var/e2e/request-files-requester.png", full_page=True)

    # The linguist sets the progress and delivers with a deliverable.
    linguist = page.context.browser.new_context(base_url=asgi_server.url).new_page()
    log_in(linguist, "linguist@example.test")
    linguist.goto(f"/requests/{order.pk}/")
    linguist.fill("input[name=percent]", "60")
    linguist.fill("input[name=note]", "Half-way")
    linguist.get_by_role("button", name="Save progress").click()
    linguist.get_by_text("Progress saved.").wait_for()
    linguist.set_input_files(
        "input[name=files]",
        {"name": "done.docx", "mimeType": "application/octet-stream", "buffer": DOCX},
    )
    linguist.get_by_role("button", name="Upload").click()
    linguist.get_by_text("Uploaded: done.docx.").wait_for()
    linguist.get_by_role("button", name="Mark as delivered").click()
    linguist.locator("[data-testid=order-status]").get_by_text("Delivered").wait_for()

    # On a phone the requester sees the deliverable under the pseudonym, and downloads it.
    phone = page.context.browser.new_context(
        base_url=asgi_server.url, viewport={"width": 390, "height": 844}
    ).new_page()
    log_in(phone, "requester@example.test")
    phone.goto(f"/requests/{order.pk}/")
    deliverables = phone.locator("[data-testid=deliverables]")
    assert deliverables.get_by_text(world.linguist.linguist_profile.pseudonym).is_visible()
    assert "Secretname" not in phone.content()
    phone.screenshot(path="var/e2e/request-files-phone.png", full_page=True)
    with phone.expect_download() as download:
        deliverables.get_by_role("link", name="done.docx").click()
    assert download.value.suggested_filename == "done.docx"
    with open(download.value.path(), "rb") as saved:
        assert saved.read() == DOCX
