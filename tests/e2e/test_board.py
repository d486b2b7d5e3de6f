"""Reputation board: a linguist adds an outsourcer and an entry, staff vet both, the
outsourcer replies, and the entry can no longer be corrected (Blue Board FAQ 2.17)."""

import re

from dragoman.accounts.tests.factories import PASSWORD
from dragoman.board.models import LWAEntry, Outsourcer


def log_in(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()


def as_user(page, asgi_server, email):
    context = page.context.browser.new_context(base_url=asgi_server.url, locale="en-GB")
    other = context.new_page()
    log_in(other, email)
    return other


def test_a_linguist_rates_a_new_outsourcer_staff_vet_it_and_the_reply_closes_the_entry(
    world, page, asgi_server
):
    # The linguist adds the outsourcer from the board's menu.
    log_in(page, "linguist@example.test")
    page.get_by_role("link", name="Reputation board").first.click()
    page.get_by_role("link", name="Add an outsourcer").first.click()
    page.fill("input[name=name]", "Acme Client Ltd")
    page.select_option("select[name=country]", "GB")
    page.fill("input[name=city]", "London")
    page.fill("textarea[name=emails]", "billing@acme.example")
    page.get_by_role("button", name="Send for vetting").click()
    page.get_by_text("waits for vetting").wait_for()
    outsourcer = Outsourcer.objects.get()

    # And an entry: refused without the statement of real work, the text kept.
    page.get_by_text("Add an entry").click()
    page.check("input[name=rating][value='4']")
    page.fill("textarea[name=comment]", 'Paid "net 30" as agreed.')
    page.get_by_role("button", name="Send for vetting").click()
    page.get_by_text("Confirm that you did real work on time.").wait_for()
    assert page.input_value("textarea[name=comment]") == 'Paid "net 30" as agreed.'
    page.get_by_label(re.compile("I did real, paid work")).check()
    page.get_by_role("button", name="Send for vetting").click()
    page.get_by_text("Your entry is sent.").wait_for()
    assert page.locator("[data-testid=entry-status]").inner_text() == "Waiting for vetting"
    entry = LWAEntry.objects.get()

    # Staff vet the record and the entry, oldest first, and affiliate the client.
    staff = as_user(page, asgi_server, "staff@example.test")
    staff.goto("/board/vetting/")
    assert staff.locator("[data-testid=queue-item]").count() == 2
    staff.locator("[data-testid=queue-item]").first.get_by_role("button", name="Approve").click()
    staff.get_by_text("Acme Client Ltd: done.").wait_for()
    staff.locator("[data-testid=queue-item]").first.get_by_role("button", name="Approve").click()
    staff.get_by_text("1 approved.").wait_for()
    staff.get_by_text("Nothing waits for vetting.").wait_for()
    staff.goto(f"/board/outsourcers/{outsourcer.pk}/")
    staff.get_by_text("0 affiliations").click()
    staff.fill("input[name=organisation]", "Acme Client")
    staff.get_by_role("button", name="Affiliate with this outsourcer").click()
    staff.get_by_text("The affiliation is added.").wait_for()

    # The outsourcer's manager sees the published entry and replies.
    manager = as_user(page, asgi_server, "manager@example.test")
    manager.goto("/board/?q=acme")
    manager.get_by_role("link", name="Acme Client Ltd").click()
    manager.get_by_text("Average LWA 4.00").wait_for()
    assert 'Paid "net 30" as agreed.' in manager.locator("[data-testid=entry]").inner_text()
    manager.get_by_text("Reply", exact=True).click()
    manager.fill("textarea[name=reply]", "Thank you, see you on the next project.")
    manager.get_by_role("button", name="Publish the reply").click()
    manager.get_by_text("Your reply is published.").wait_for()

    # The linguist reads the reply; the entry can no longer be corrected.
    page.goto(f"/board/outsourcers/{outsourcer.pk}/")
    page.locator("[data-testid=reply]").get_by_text("see you on the next project").wait_for()
    assert page.get_by_role("link", name="Correct").count() == 0
    page.goto(f"/board/entries/{entry.pk}/edit/")
    page.get_by_text("The outsourcer has replied: the entry can no longer be changed.").wait_for()
    for other in (staff, manager):
        other.context.close()
