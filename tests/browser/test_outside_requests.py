"""The guard every browser test runs under: anything not from the site itself is aborted and noted."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_a_request_to_another_site_is_stopped_and_recorded(page: Page, outside_requests: list[str]) -> None:
    page.goto("/")
    expect(page.get_by_role("link", name="Start now")).to_be_visible()
    assert outside_requests == []
    status = page.evaluate(
        """() => fetch("https://cdn.example.com/lib.js").then(() => "loaded", () => "blocked")"""
    )
    assert status == "blocked"
    assert outside_requests == ["https://cdn.example.com/lib.js"]
    outside_requests.clear()  # this one was made on purpose; the guard fails the test on any other
