"""The explorer running for a test: `stance serve`'s app over a read-only store, on a free loopback port, in a
thread of the test process; and a small HTTP client that can send any method and Host header."""

import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


@dataclass
class Served:
    base: str
    host: str  # the Host header of the served address

    def get(self, path: str, method: str = "GET", host: str | None = None) -> Reply:
        request = urllib.request.Request(self.base + path, method=method, headers={"Host": host or self.host})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Reply(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
        except urllib.error.HTTPError as e:
            return Reply(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())


@contextmanager
def serving(location: str) -> Iterator[Served]:
    import uvicorn

    from cli.explorer.app import make_app
    from cli.explorer.guard import served_hosts
    from cli.serve import open_read_only, server_config

    ledger = open_read_only(location)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(server_config(make_app(ledger, served_hosts("127.0.0.1", port))))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the explorer did not start")
        time.sleep(0.02)
    try:
        yield Served(f"http://127.0.0.1:{port}", f"127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
        ledger.close()
