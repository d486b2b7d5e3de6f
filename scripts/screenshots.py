"""Take the README's screenshots from a running Dragoman with demo data.

make run            # in one terminal
.venv/bin/python scripts/screenshots.py http://127.0.0.1:8000
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def shoot(
    browser, email: str, path: str, name: str, *, mobile: bool = False, open_link: str = ""
) -> None:
    viewport = {"width": 390, "height": 844} if mobile else {"width": 1280, "height": 800}
    context = browser.new_context(base_url=BASE, viewport=viewport, locale="en-GB")
    page = context.new_page()
    if email:
        page.goto("/accounts/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", "dragoman-demo")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
    page.goto(path)
    page.wait_for_load_state("networkidle")
    if open_link:  # a request found by its title, whatever its number
        page.get_by_role("link", name=open_link).first.click()
        page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=not mobile)
    context.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        shoot(browser, "", "/accounts/login/", "login")
        shoot(browser, "manager@demo.dragoman.test", "/", "manager-dashboard")
        shoot(browser, "manager@demo.dragoman.test", "/organisations/3/", "contacts")
        shoot(
            browser, "manager@demo.dragoman.test", "/organisations/3/contacts/new/", "add-contact"
        )
        shoot(
            browser,
            "requester@demo.dragoman.test",
            "/conversations/",
            "chat",
            open_link="Board meeting with the Hamburg suppliers",
        )
        shoot(
            browser,
            "requester@demo.dragoman.test",
            "/conversations/",
            "chat-phone",
            mobile=True,
            open_link="Board meeting with the Hamburg suppliers",
        )
        shoot(
            browser,
            "partner@demo.dragoman.test",
            "/conversations/",
            "marketplace-conversation",
            open_link="Interpreters for the Sofia distributor meeting",
        )
        shoot(browser, "partner@demo.dragoman.test", "/conversations/", "conversation-list")
        shoot(browser, "manager@demo.dragoman.test", "/providers/", "providers")
        shoot(browser, "staff@demo.dragoman.test", "/", "staff-dashboard")
        shoot(browser, "linguist1@demo.dragoman.test", "/linguist/profile/", "linguist-profile")
        shoot(
            browser,
            "manager@demo.dragoman.test",
            "/organisations/3/",
            "contacts-phone",
            mobile=True,
        )
        shoot(browser, "requester@demo.dragoman.test", "/requests/", "requests")
        shoot(
            browser,
            "requester@demo.dragoman.test",
            "/requests/?q=Annual+report",
            "request-detail",
            open_link="Annual report 2026",
        )
        shoot(browser, "staff@demo.dragoman.test", "/assignments/queue/", "assignment-queue")
        shoot(
            browser,
            "staff@demo.dragoman.test",
            "/assignments/queue/",
            "suggestions",
            open_link="Supervisory board meeting",
        )
        shoot(browser, "requester@demo.dragoman.test", "/notifications/", "notifications")
        shoot(browser, "linguist1@demo.dragoman.test", "/", "linguist-dashboard")
        shoot(
            browser,
            "requester@demo.dragoman.test",
            "/requests/?q=Annual+report",
            "request-phone",
            mobile=True,
            open_link="Annual report 2026",
        )
        # The reputation board.
        shoot(browser, "linguist1@demo.dragoman.test", "/board/?sort=average", "board-search")
        shoot(
            browser,
            "manager@demo.dragoman.test",
            "/board/?q=nordwind",
            "board-record",
            open_link="Nordwind Energy",
        )
        shoot(browser, "linguist1@demo.dragoman.test", "/board/stats/", "board-statistics")
        shoot(browser, "staff@demo.dragoman.test", "/board/vetting/", "board-vetting")
        browser.close()
    print(f"Screenshots in {OUT}")


if __name__ == "__main__":
    main()
