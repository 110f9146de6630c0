"""The guard every browser test runs under: anything not from the site itself is aborted and noted."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error, Page, expect


def test_a_request_to_another_site_is_stopped_and_recorded(page: Page, outside_requests: list[str]) -> None:
    page.goto("/")
    expect(page.get_by_role("link", name="Start now")).to_be_visible()
    assert outside_requests == []
    # A navigation, because the site's Content Security Policy already refuses a script's fetch to
    # another site before it reaches the network; the guard is the second line behind it.
    with pytest.raises(Error):
        page.goto("https://cdn.example.com/lib.js")
    assert outside_requests == ["https://cdn.example.com/lib.js"]
    outside_requests.clear()  # this one was made on purpose; the guard fails the test on any other
