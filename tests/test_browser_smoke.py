"""The browser harness itself works: phone viewport, clicks, request log, no-store server."""

from __future__ import annotations

import pytest
from browser import PhoneContext, serve_directory

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>smoke</title>
</head>
<body>
<p id="out">before</p>
<button id="go" type="button" onclick="document.getElementById('out').textContent = 'after'">
Go
</button>
</body>
</html>
"""


@pytest.mark.browser
def test_phone_page_from_file_and_from_loopback_server(phone: PhoneContext, tmp_path) -> None:
    index = tmp_path / "index.html"
    index.write_text(PAGE, encoding="utf-8")
    page = phone.new_page()

    page.goto(index.as_uri())
    assert page.evaluate("document.documentElement.clientWidth") == 390
    assert "iPhone" in page.evaluate("navigator.userAgent")
    assert page.locator("#out").text_content() == "before"
    page.locator("#go").click()
    assert page.locator("#out").text_content() == "after"

    with serve_directory(tmp_path) as base_url:
        url = f"{base_url}/index.html"
        response = page.goto(url)
        assert response is not None
        assert response.status == 200
        assert response.headers.get("cache-control") == "no-store"
        assert page.title() == "smoke"

    assert phone.requests[0] == index.as_uri()
    assert url in phone.requests
    assert phone.offsite_requests() == []
