"""The settings popover by the message box in a real browser (issue 11 item 11): `studio serve` and headless Chromium,
with the server and page helpers of tests/test_browser.py (Debian's chromium at /usr/bin/chromium; it fails, on
purpose, without it)."""

from __future__ import annotations

import pytest

from tests.test_browser import ARTIFACTS, TURN_TIMEOUT_MS, enter_text, server, studio_page  # noqa: F401 (a fixture)


def choose_until(option, popover_button, label: str, tries: int = 3) -> None:
    """Click a chip in the open popover until the popover's label says it (a click that lands while the page reruns
    can be dropped under load, as in tests/test_browser.py's click_until)."""
    from playwright.sync_api import expect

    for _ in range(tries):
        option.click()
        try:
            expect(popover_button).to_have_accessible_name(label, timeout=15_000)
            return
        except AssertionError:
            continue
    expect(popover_button).to_have_accessible_name(label, timeout=15_000)


@pytest.mark.slow
def test_the_settings_popover_makes_two_16_9_pictures_in_browser(server):
    from playwright.sync_api import expect

    with studio_page(server, "settings-failure.png") as (browser, page):
        # (the popover draws a hidden copy of its button, and a rerun may leave an old copy for a moment)
        button = page.get_by_test_id("stPopoverButton").filter(visible=True).first
        expect(button).to_have_accessible_name("⚙ Settings", timeout=30_000)
        at, box = button.bounding_box(), page.get_by_test_id("stChatInput").bounding_box()
        assert at["x"] + at["width"] <= box["x"] and box["y"] <= at["y"] + at["height"] / 2 <= box["y"] + box["height"], \
            (at, box)  # just left of the message box, in its row

        button.click()
        body = page.get_by_test_id("stPopoverBody")
        expect(body.get_by_role("radio", name="16:9", exact=True)).to_be_visible(timeout=30_000)
        choose_until(body.get_by_role("radio", name="16:9", exact=True), button, "⚙ 16:9")
        choose_until(body.get_by_role("radio", name="2", exact=True), button, "⚙ 16:9 · 2 images")
        page.screenshot(path=str(ARTIFACTS / "browser-settings.png"))
        page.keyboard.press("Escape")  # closed, the label still says what is set
        expect(body).to_have_count(0, timeout=30_000)
        expect(button).to_have_accessible_name("⚙ 16:9 · 2 images")

        enter_text(page, "a lighthouse at dusk")
        reply = page.get_by_test_id("stChatMessage").filter(has_text="made #1, #2")
        expect(reply).to_have_count(1, timeout=TURN_TIMEOUT_MS)
        pictures = reply.locator("[data-testid=stImage] img")
        expect(pictures).to_have_count(2, timeout=30_000)
        for n in range(2):  # each one wide: 16:9 at the tiny preset's small size
            expect(pictures.nth(n)).to_have_js_property("complete", True, timeout=30_000)
            width, height = pictures.nth(n).evaluate("img => [img.naturalWidth, img.naturalHeight]")
            assert width > height, (width, height)
        expect(button).to_have_accessible_name("⚙ 16:9 · 2 images")  # they stay for the next message
