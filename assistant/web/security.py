"""HTTP hardening of the web app: security headers, session checks, client address.

One pure ASGI middleware, passed to Gradio's FastAPI app at launch:

* every HTTP response gets :data:`SECURITY_HEADERS`, among them a
  Content-Security-Policy that lets the page load scripts, styles, images and
  fonts only from the app itself (no remote image, no remote script: a
  Markdown image in a document or a model answer cannot call home);
* the session cookie of each request is checked against the users file
  (:class:`assistant.web.auth.SessionGuard`), so a removed user or a changed
  password ends the session at once;
* the client address is put where the login check can read it
  (:data:`assistant.web.auth.client_address`) for throttling per address.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

from assistant.web.auth import SessionGuard, client_address

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: What the page may load: nothing remote. Measured in Chromium against Gradio
#: 6.31 (tests/web/measure_csp.py): without ``'unsafe-eval'`` the app stops
#: working; without inline scripts, inline styles or data: images Gradio's own
#: page logs 5, 7 and 5 violations. With this policy: none, and the full app
#: answers (tests/web/test_untrusted_content.py).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "media-src 'self' data: blob:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "SAMEORIGIN",
}


def _cookies(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for key, value in scope.get("headers") or []:
        if key == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is the client's problem
                continue
    return {name: morsel.value for name, morsel in jar.items()}


class SecurityMiddleware:
    """Adds security headers, ends stale sessions and records the client address.

    Args:
        app: The wrapped ASGI app.
        sessions: The session check; None when the app runs without login.
        headers: Headers added to every HTTP response.
    """

    def __init__(
        self,
        app: ASGIApp,
        sessions: SessionGuard | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.app = app
        self.sessions = sessions
        self.headers = [
            (k.lower().encode("latin-1"), v.encode("latin-1"))
            for k, v in (SECURITY_HEADERS if headers is None else headers).items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        client_address.set(str(client[0]) if client else "okänd")
        self._check_session(scope)
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _check_session(self, scope: Scope) -> None:
        app = scope.get("app")
        tokens = getattr(app, "tokens", None)
        cookie_id = getattr(app, "cookie_id", None)
        if self.sessions is None or tokens is None or cookie_id is None:
            return
        cookies = _cookies(scope)
        for name in (f"access-token-{cookie_id}", f"access-token-unsecure-{cookie_id}"):
            self.sessions.check(cookies.get(name), tokens)
