"""What every response of the explorer goes through: the Host check, GET and HEAD only, security headers, and a
500 that says "internal error" and nothing more.

A page that another site's script could reach by DNS rebinding (its own name pointed at 127.0.0.1) carries that
site's name in its Host header, so only the served address itself is answered.
"""

import logging

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
log = logging.getLogger("stance.serve")


def served_hosts(host: str, port: int) -> set[str]:
    """The Host headers that name this server: its address and port (and `localhost` for a loopback address;
    the machine's name and addresses for a wildcard address, which listens on all of them)."""
    names = {f"[{host}]" if ":" in host and not host.startswith("[") else host}
    if host in ("0.0.0.0", "::"):
        names |= _machine_names() | {"localhost", "127.0.0.1"}
    if host in LOOPBACK:
        names |= {"localhost", "127.0.0.1"} if host != "::1" else {"localhost", "[::1]"}
    hosts = {f"{name}:{port}" for name in names}
    if port == 80:
        hosts |= names
    return hosts


def _machine_names() -> set[str]:
    import socket

    name = socket.gethostname()
    names = {name, socket.getfqdn()}
    try:
        names |= {info[4][0] for info in socket.getaddrinfo(name, None)}
    except OSError:
        pass
    return {f"[{n}]" if ":" in n else n for n in names}


class Guard:
    """ASGI middleware in front of the app."""

    def __init__(self, app, hosts: set[str]):
        self.app, self.hosts = app, {h.lower() for h in hosts}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        host = headers.get(b"host", b"").decode("latin-1").lower()
        if host not in self.hosts:
            await _plain(send, 400, "this server answers only requests for its own address\n")
            return
        if scope["method"] not in ("GET", "HEAD"):
            await _plain(send, 405, "only GET and HEAD are allowed\n", [(b"allow", b"GET, HEAD")])
            return
        started = False

        async def secured(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS if k not in names]
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", CSP.encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, receive, secured)
        except Exception:
            log.exception("error while answering %s", scope.get("path"))
            if not started:
                await _plain(send, 500, "internal error\n")


async def _plain(send, status: int, text: str, headers=()) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        *headers, *HEADERS, (b"content-security-policy", CSP.encode())]})
    await send({"type": "http.response.body", "body": body})
