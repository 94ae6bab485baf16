"""`stance serve`: /api/* answers exactly what `stance COMMAND --format json` prints, on SQLite and PostgreSQL;
the pages render from the same rows; and the explorer is secure by default (Host, methods, headers, bounds,
errors, a read-only store, hostile text escaped)."""

import hashlib
import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from cli_helpers import SAMPLE, Stance
from explorer_helpers import Served, serving
from store_helpers import lines, load, statement

from cli import queries
from store import Ledger

PUTIN = "e5d19a27-3b4c-4d5e-8f6a-5e6f7a8b9c05"
HOSTILE = "b0000000-0000-4000-8000-000000000666"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def explorer(request, tmp_path_factory):
    """The sample store (with a correction), served; and `stance` on the same store, for comparison."""
    from conftest import fresh_location

    with fresh_location(request.param, tmp_path_factory.mktemp("explorer")) as url:
        stance = Stance(url)
        stance("import", str(SAMPLE))
        with serving(url) as served:
            yield served, stance


API_CASES = [
    ("as-of", {"when": "2025-12-31"}, ["as-of", "2025-12-31"]),
    ("as-of", {"when": "2025-03", "party": ["russia", "ukraine"], "issue": "territory"},
     ["as-of", "2025-03", "--party", "russia", "--party", "ukraine", "--issue", "territory"]),
    ("as-of", {"when": "2025-12", "known-at": "seq:5"}, ["as-of", "2025-12", "--known-at", "seq:5"]),
    ("timeline", {}, ["timeline"]),
    ("timeline", {"from": "2023", "to": "2025-09", "known_at": "seq:4"},
     ["timeline", "--from", "2023", "--to", "2025-09", "--known-at", "seq:4"]),
    ("history", {"party": "russia"}, ["history", "russia"]),
    ("history", {"party": "russia", "issue": "territory"}, ["history", "russia", "territory"]),
    ("shifts", {"party": "russia"}, ["shifts", "--party", "russia"]),
    ("diff", {"when1": "2023-06", "when2": "2025-12"}, ["diff", "2023-06", "2025-12"]),
    ("show", {"id": PUTIN}, ["show", PUTIN]),
    ("show", {"id": PUTIN[:8], "known-at": "seq:5"}, ["show", PUTIN[:8], "--known-at", "seq:5"]),
    ("log", {}, ["log"]),
    ("log", {"since": "3"}, ["log", "--since", "3"]),
    ("parties", {}, ["parties"]),
    ("issues", {}, ["issues"]),
    ("speakers", {}, ["speakers"]),
    ("search", {"query": "territorial"}, ["search", "territorial"]),
    ("search", {"query": "ukraine", "as-of": "2023", "limit": "1"}, ["search", "ukraine", "--as-of", "2023",
                                                                     "--limit", "1"]),
]


def query_string(params: dict) -> str:
    pairs = [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]
    return "&".join(f"{quote(k)}={quote(v)}" for k, v in pairs)


@pytest.mark.parametrize("command, params, argv", API_CASES)
def test_api_answers_what_the_cli_prints(explorer, command, params, argv):
    served, stance = explorer
    reply = served.get(f"/api/{command}?{query_string(params)}")
    assert reply.status == 200, reply.text
    assert reply.headers["content-type"] == "application/json"
    assert json.loads(reply.body) == json.loads(stance(*argv, "--format", "json").stdout)


@pytest.mark.parametrize("command, params, argv", [
    ("as-of", {"when": "2025-13"}, ["as-of", "2025-13"]),
    ("as-of", {}, ["as-of"]),
    ("as-of", {"when": "2025", "known-at": "someday"}, ["as-of", "2025", "--known-at", "someday"]),
    ("history", {"party": "Russia"}, ["history", "Russia"]),
    ("log", {"since": "x"}, ["log", "--since", "x"]),
    ("show", {"id": "1234"}, ["show", "1234"]),
    ("show", {"id": "00000000"}, ["show", "00000000"]),
    ("search", {"query": "!!!"}, ["search", "!!!"]),
    ("search", {"query": "peace", "limit": "5000"}, ["search", "peace", "--limit", "5000"]),
])
def test_bad_parameters_answer_400_with_the_cli_message(explorer, command, params, argv):
    served, stance = explorer
    reply = served.get(f"/api/{command}?{query_string(params)}")
    assert reply.status == 400
    cli = stance(*argv, "--format", "json", code=1 if command == "show" else 2)
    assert json.loads(reply.body) == {"error": cli.stderr.strip().removeprefix("error: ")}


def test_parameters_the_command_does_not_take_or_too_long(explorer):
    served, _ = explorer
    reply = served.get("/api/parties?bogus=1")
    assert (reply.status, json.loads(reply.body)) == (400, {
        "error": "unknown parameter 'bogus' for parties (it takes: known-at)"})
    reply = served.get("/api/search?query=" + "a" * 10_000)
    assert (reply.status, json.loads(reply.body)) == (400, {
        "error": "parameter 'query' is 10,000 characters long; at most 1,000"})
    reply = served.get("/api/as-of?when=2025&format=table")
    assert reply.status == 400


def test_unknown_paths_404_and_other_methods_405(explorer):
    served, _ = explorer
    assert served.get("/api/nope").status == 404
    assert served.get("/no/such/page").status == 404
    assert served.get("/statement/00000000-0000-4000-8000-000000000000").status == 404
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        for path in ("/api/as-of?when=2025", "/", "/nope"):
            reply = served.get(path, method=method)
            assert reply.status == 405, (method, path)
            assert reply.headers["allow"] == "GET, HEAD"
    head = served.get("/api/parties", method="HEAD")
    assert (head.status, head.body) == (200, b"")


def test_only_the_served_address_is_answered(explorer):
    served, _ = explorer
    port = served.host.rsplit(":", 1)[1]
    for host in ("attacker.example", f"attacker.example:{port}", f"127.0.0.1.nip.io:{port}", "127.0.0.1:1"):
        reply = served.get("/api/parties", host=host)
        assert reply.status == 400, host
        assert b"parties" not in reply.body
    assert served.get("/api/parties", host=f"localhost:{port}").status == 200


def test_security_headers_on_every_response(explorer):
    served, _ = explorer
    for path in ("/", "/api/parties", "/static/explorer.css", "/nope", "/api/as-of?when=x", "/search?query=peace"):
        headers = served.get(path).headers
        policy = headers["content-security-policy"]
        assert policy.startswith("default-src 'self';"), path
        assert "unsafe" not in policy and "script-src 'self'" in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
    assert "server" not in served.get("/").headers


def test_pages_render_and_hold_no_inline_script(explorer):
    served, stance = explorer
    for path in ("/", "/?as_of=2023-06", "/?as_of=2025&known_at=seq:5", "/issue/territory", "/party/russia",
                 f"/statement/{PUTIN}", "/shifts", "/diff?when1=2023&when2=2025-12", "/log", "/log?since=2",
                 "/search?query=territorial", "/search"):
        reply = served.get(path)
        assert reply.status == 200, (path, reply.text[:300])
        assert reply.headers["content-type"].startswith("text/html")
        assert "<script>" not in reply.text and "style=" not in reply.text and " on" + "click" not in reply.text
    page = served.get(f"/statement/{PUTIN}").text
    assert "Putin&#39;s remarks were made on 2025-11-27" in page  # the correction's reason
    assert "<del" in page and "2025-11</del>" in page  # what changed
    assert served.get("/?as_of=2023-06").text.count('class="cell-link"') == len(
        json.loads(stance("as-of", "2023-06", "-f", "json").stdout))


def test_an_error_inside_says_internal_error_and_nothing_more(explorer, monkeypatch):
    served, _ = explorer

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret detail /etc/passwd")

    monkeypatch.setitem(queries.ROWS, "parties", broken)
    reply = served.get("/api/parties")
    assert (reply.status, json.loads(reply.body)) == (500, {"error": "internal error"})
    monkeypatch.setitem(queries.ROWS, "timeline", broken)  # answered in a worker thread
    reply = served.get("/api/timeline")
    assert (reply.status, json.loads(reply.body)) == (500, {"error": "internal error"})
    monkeypatch.setattr(queries, "history", broken)
    reply = served.get("/party/russia")
    assert (reply.status, reply.text) == (500, "internal error\n")


@pytest.mark.parametrize("command, params, threaded", [
    ("as-of", [("when", "2025")], False),
    ("show", [("id", PUTIN)], False),
    ("search", [("query", "peace")], False),
    ("parties", [], False),
    ("timeline", [], True),
    ("timeline", [("party", "russia")], True),
    ("timeline", [("party", "russia"), ("issue", "territory")], False),
    ("shifts", [("issue", "territory")], True),
    ("history", [("party", "russia")], True),
    ("history", [("party", "russia"), ("issue", "territory")], False),
    ("log", [("since", "3")], True),
])
def test_requests_that_may_list_much_of_the_store_go_to_a_worker_thread(command, params, threaded):
    from cli.explorer.api import in_a_worker_thread

    assert in_a_worker_thread(command, params) is threaded


def test_a_long_request_does_not_hold_up_the_others(explorer, monkeypatch):
    """A whole-store timeline still running in its worker thread; meanwhile the event loop answers the rest."""
    import threading

    served, _ = explorer
    started, release = threading.Event(), threading.Event()

    def slow(*_args, **_kwargs):
        started.set()
        release.wait(20)
        return []

    monkeypatch.setitem(queries.ROWS, "timeline", slow)
    replies = []
    long = threading.Thread(target=lambda: replies.append(served.get("/api/timeline")))
    long.start()
    try:
        assert started.wait(10)
        quick = served.get("/api/parties")
        assert quick.status == 200 and json.loads(quick.body)
        assert long.is_alive() and not replies  # the timeline was still running
    finally:
        release.set()
        long.join(20)
    assert replies[0].status == 200 and json.loads(replies[0].body) == []


def test_the_store_is_opened_read_only(store_url):
    from cli.serve import open_read_only

    Stance(store_url)("import", str(SAMPLE))
    ledger = open_read_only(store_url)
    try:
        with pytest.raises(Exception, match="read-?only"), ledger.writer() as conn:
            conn.exec_driver_sql("DELETE FROM topic")
        if ledger.dialect == "postgresql":
            with ledger.reader() as conn:
                assert conn.exec_driver_sql("SHOW default_transaction_read_only").scalar() == "on"
    finally:
        ledger.close()


def test_hostile_text_is_escaped(tmp_path):
    db = str(tmp_path / "hostile.db")
    ledger = Ledger(db)
    load(ledger, lines(statement(0, id=HOSTILE, position='<script>alert(1)</script> "><img src=x onerror=alert(2)>',
                                 quote="\u202eevil\u202c quote", speaker="<b>bold</b>",
                                 source={"url": "javascript:alert(3)", "outlet": "<i>Outlet</i>"})))
    ledger.close()
    with serving(db) as served:
        for path in ("/", f"/statement/{HOSTILE}", "/search?query=script+alert", "/party/russia",
                     "/issue/territory", "/shifts", "/log"):
            page = served.get(path).text
            assert "<script>alert" not in page and "<img src=x" not in page and "<b>bold" not in page, path
            assert 'href="javascript:' not in page, path
        page = served.get(f"/statement/{HOSTILE}").text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
        assert 'dir="auto"' in page  # text of either direction is isolated in its own element


def test_stance_serve_binds_loopback_by_default_and_leaves_the_file_unchanged(tmp_path):
    db = tmp_path / "demo.db"
    Stance(str(db))("import", str(SAMPLE))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "cli", "--db", str(db), "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == f"serving {db} read-only at http://127.0.0.1:{port}/ (Ctrl-C stops)\n"
        served = Served(f"http://127.0.0.1:{port}", f"127.0.0.1:{port}")
        deadline = time.monotonic() + 20
        while True:
            try:
                assert served.get("/api/parties").status == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        for path in ("/", "/?as_of=2023", f"/statement/{PUTIN}", "/search?query=nato", "/log", "/shifts"):
            assert served.get(path).status == 200
        listening = [line.split()[1] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                     if line.split()[3] == "0A"]  # state LISTEN: local address as hex ip:port
        assert f"0100007F:{port:04X}" in listening
    finally:
        process.terminate()
        process.wait(10)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_serve_refuses_a_missing_store(tmp_path):
    result = Stance(str(tmp_path / "none.db"))("serve", code=1)
    assert result.stderr == f"error: no store at {tmp_path / 'none.db'} (stance init creates one)\n"
    assert not Path(tmp_path / "none.db").exists()


def test_a_page_never_shows_half_an_import(store_url):
    """Batches of statements imported while the API and a page are read: every answer holds whole batches."""
    import threading

    batch, batches = 20, 8
    Stance(store_url)("import", str(SAMPLE))
    seen: list[int] = []
    with serving(store_url) as served, Ledger(store_url) as writer:
        done = threading.Event()

        def write():
            for n in range(batches):
                load(writer, lines(*[statement(n * batch + k, issue="talks/batch", position=f"Batch {n}, {k}.")
                                     for k in range(batch)]))
            done.set()

        thread = threading.Thread(target=write)
        thread.start()
        while not done.is_set() or len(seen) < 4:
            seen.append(len(json.loads(served.get("/api/timeline?issue=talks/batch").body)))
            page = served.get("/issue/talks/batch").text
            seen.append(int(page.split('<p class="lede">', 1)[1].split(" statement", 1)[0]))
        thread.join()
        final = len(json.loads(served.get("/api/timeline?issue=talks/batch").body))
    assert all(count % batch == 0 for count in seen), seen
    assert final == batch * batches


def test_the_hosts_a_server_answers_to():
    from cli.explorer.guard import served_hosts

    assert served_hosts("127.0.0.1", 8765) == {"127.0.0.1:8765", "localhost:8765"}
    assert served_hosts("192.0.2.7", 8000) == {"192.0.2.7:8000"}
    assert served_hosts("::1", 9000) == {"[::1]:9000", "localhost:9000"}
    assert {"127.0.0.1:8765", "localhost:8765"} < served_hosts("0.0.0.0", 8765)


PLAIN_CASES = [
    ("as-of", [("when", "2025")]),
    ("as-of", [("when", "2025"), ("party", "a"), ("party", "b"), ("issue", "x/y"), ("known-at", "seq:3")]),
    ("as-of", [("when", "-x")]),
    ("as-of", [("when", "")]),
    ("search", [("query", "peace talks"), ("limit", "20"), ("as_of", "2024"), ("as-of", "2025")]),
    ("diff", [("when1", "2024"), ("when2", "2025"), ("issue", "territory")]),
    ("history", [("party", "russia")]),
    ("history", [("party", "russia"), ("issue", "territory")]),
    ("show", [("id", PUTIN), ("known-at", "2025")]),
    ("timeline", []),
    ("shifts", [("from", "2025-06"), ("to", "2026"), ("party", "russia")]),
    ("parties", [("known-at", "seq:1")]),
]
PARSER_CASES = [
    ("as-of", [("party", "a")]), ("as-of", [("when", "1"), ("when", "2")]),
    ("search", [("query", "x"), ("limit", "+2")]),
    ("search", [("query", "x"), ("limit", "٣")]), ("diff", [("when2", "2025")]), ("parties", [("x", "1")]),
    ("log", [("since", "3")]), ("as-of", [("when", "2025")] * 60), ("show", [("id", "x" * 1001)]),
]


@pytest.mark.parametrize("command, params", PLAIN_CASES)
def test_a_plain_request_is_read_to_what_the_parser_makes_of_it(command, params):
    from cli.explorer.api import _read_plainly, command_line, commands

    found = commands()[command]
    parsed = found.click.make_context(command, command_line(found, params)).params
    assert _read_plainly(found, params) == {k: v for k, v in parsed.items() if k != "fmt"}


@pytest.mark.parametrize("command, params", PARSER_CASES)
def test_any_other_request_is_left_to_the_parser(command, params):
    from cli.explorer.api import _read_plainly, commands

    assert _read_plainly(commands()[command], params) is None
