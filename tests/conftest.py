"""Shared pytest fixtures.

Browser fixtures (see ``browser.py`` beside this file):

* ``browser``: one headless Debian Chromium for the whole session. A missing
  Chromium or Playwright is a failure, never a skip.
* ``phone``: a new 390x844 touch context with an iPhone user agent for each test,
  a :class:`browser.PhoneContext` whose ``requests`` lists every request URL.

Tests that use them are marked ``@pytest.mark.browser``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from browser import (
    CHROMIUM,
    LAUNCH_ARGS,
    MISSING_BROWSER_HINT,
    PHONE_CONTEXT_OPTIONS,
    PhoneContext,
)


@pytest.fixture(scope="session", autouse=True)
def _parse_cache_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds keep parsed dossiers in a folder of the test session, not the user's own
    cache folder (subprocess builds inherit the variable)."""
    before = os.environ.get("DOSSIER_CACHE_DIR")
    os.environ["DOSSIER_CACHE_DIR"] = str(tmp_path_factory.mktemp("dossier-cache"))
    yield
    if before is None:
        os.environ.pop("DOSSIER_CACHE_DIR", None)
    else:
        os.environ["DOSSIER_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium from /usr/bin/chromium, launched once per session."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing. {MISSING_BROWSER_HINT}", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.fail(f"Playwright for Python is missing ({exc}). {MISSING_BROWSER_HINT}")

    playwright = sync_playwright().start()
    try:
        try:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
            )
        except Exception as exc:
            pytest.fail(f"Could not launch {CHROMIUM}: {exc}\n{MISSING_BROWSER_HINT}")
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def phone(browser: Any) -> Iterator[PhoneContext]:
    """A fresh phone-sized context; ``phone.requests`` records every request URL."""
    context = browser.new_context(**PHONE_CONTEXT_OPTIONS)
    try:
        yield PhoneContext(context)
    finally:
        context.close()
