"""A client manager adds a contact; the contact activates from the e-mail and gets to work."""

import re

from django.core import mail

from dragoman.accounts.tests.factories import PASSWORD


def log_in(page, email, password):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()


def test_a_manager_adds_a_contact_who_activates_and_sees_the_requester_dashboard(
    world, page, asgi_server, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []

    # The manager logs in and adds a contact.
    log_in(page, "manager@example.test", PASSWORD)
    page.get_by_role("link", name="Contacts").first.click()
    page.get_by_role("button", name="Add a contact").click()
    page.fill("input[name=full_name]", "Clara Contact")
    page.fill("input[name=email]", "clara@example.test")
    page.select_option("select[name=role]", "requester")
    # First without another channel: refused with a clear message, nothing lost.
    page.get_by_role("button", name=re.compile("Create the contact")).click()
    page.get_by_text("at least one other way to reach").first.wait_for()
    assert page.input_value("input[name=email]") == "clara@example.test"
    page.fill("input[name=other_contact]", "skype: clara.contact")
    page.get_by_label("Translation", exact=True).check()
    page.get_by_role("button", name=re.compile("Create the contact")).click()
    page.get_by_text("An activation e-mail is on its way").wait_for()
    assert page.locator("[data-testid=contacts]").get_by_text("clara@example.test").is_visible()

    # The activation e-mail arrived.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["clara@example.test"]
    link = re.search(r"http\S+/activate/\S+/", message.body).group(0)
    path = "/activate/" + link.split("/activate/")[1]

    # The contact, in their own browser, activates and lands on the requester dashboard.
    context = page.context.browser.new_context(base_url=asgi_server.url)
    contact = context.new_page()
    contact.goto(path)
    contact.get_by_text("Clara Contact").first.wait_for()
    contact.fill("input[name=password1]", "clara-picks-a-good-one-7")
    contact.fill("input[name=password2]", "clara-picks-a-good-one-7")
    contact.get_by_role("button", name="Activate and log in").click()
    contact.locator("[data-testid=requester-dashboard]").wait_for()
    assert contact.get_by_text("Translation").first.is_visible()

    # And can log in again later with the chosen password.
    contact.goto("/accounts/logout/")
    contact.get_by_role("button", name=re.compile("Sign Out|Log out", re.I)).click()
    log_in(contact, "clara@example.test", "clara-picks-a-good-one-7")
    contact.locator("[data-testid=requester-dashboard]").wait_for()
    context.close()
