"""Helpers for the browser tests: Debian's Chromium driven by Playwright for Python.

This is a helper module, not a test file. The pytest fixtures that use it live in
``conftest.py``:

* ``browser`` (session): one headless Chromium from ``/usr/bin/chromium``.
* ``phone`` (function): a fresh phone-sized context, a :class:`PhoneContext`.

``serve_directory(path)`` serves a folder (e.g. a built site) over loopback http.

Never run ``playwright install``: nothing can be downloaded here. ``./run.sh test``
installs Debian's ``chromium`` package when it is missing.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from os import PathLike
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"

LAUNCH_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]

IPHONE_USER_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)

PHONE_CONTEXT_OPTIONS: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": IPHONE_USER_AGENT,
}

MISSING_BROWSER_HINT = (
    "Run `./run.sh test`: it installs the test dependencies into .venv and Debian's "
    "chromium package (as root: apt-get update && apt-get install -y chromium)."
)

_LOCAL_SCHEMES = {"file", "data", "blob", "about"}
_LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


@dataclass
class PhoneContext:
    """A Playwright ``BrowserContext`` sized like a phone, plus the requests it made.

    ``requests`` lists the URL of every request any page of the context made, in
    order (filled by a ``context.on("request", ...)`` listener). Attribute access
    not defined here is passed to the wrapped context, so ``phone.new_page()``,
    ``phone.route(...)`` or ``phone.set_offline(True)`` work as on the context
    itself; the raw object is ``phone.context``.
    """

    context: Any  # playwright.sync_api.BrowserContext
    requests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.context.on("request", lambda request: self.requests.append(request.url))

    def __getattr__(self, name: str) -> Any:
        # Only called for names the dataclass itself does not have.
        return getattr(self.context, name)

    def offsite_requests(self) -> list[str]:
        """The recorded URLs that left the machine: not file:/data:/blob:, not loopback."""
        return [url for url in self.requests if not is_local_url(url)]


def is_local_url(url: str) -> bool:
    """True for file:, data:, blob:, about: URLs and http(s) URLs on a loopback host."""
    parts = urlsplit(url)
    if parts.scheme in _LOCAL_SCHEMES:
        return True
    host = (parts.hostname or "").lower()
    return host in _LOOPBACK_HOSTS or host.startswith("127.")


class _NoStoreHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with ``Cache-Control: no-store`` on every response, and no logging."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_directory(path: str | PathLike[str]) -> Iterator[str]:
    """Serve ``path`` over http on 127.0.0.1 (a free port) while the block runs.

    Yields the base URL without a trailing slash, e.g. ``http://127.0.0.1:41234``.
    Every response carries ``Cache-Control: no-store`` so Chromium's heuristic cache
    cannot make an "offline" test pass by accident.
    """
    handler = functools.partial(_NoStoreHandler, directory=str(path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="serve_directory", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
