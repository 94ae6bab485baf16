"""Shared pieces of the drills: the CLI as a separate process and in-process, and looks at a store from outside."""

import json
import os
import random
import subprocess
import sys
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from cli.main import app
from events.vocabulary import STANCES
from store import Ledger
from store.engine import normalize_url

REPO = Path(__file__).resolve().parents[2]
PROCS = Path(__file__).with_name("drill_procs.py")


def cli_args(url: str, *args: str) -> list[str]:
    """`stance --db URL …` as a fresh interpreter runs it (`python -m cli`, the same app as `stance`)."""
    return [sys.executable, "-m", "cli", "--db", url, *args]


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("STANCE_DB", "STANCE_BY", "STANCE_BUSY_TIMEOUT")}
    env.update(PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8", **extra)
    return env


def run_cli(url: str, *args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(cli_args(url, *args), cwd=REPO, env=subprocess_env(**env), capture_output=True,
                          text=True, timeout=timeout)


def start_cli(url: str, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(cli_args(url, *args), cwd=REPO, env=subprocess_env(**env), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def start_proc(role: str, *args: str, **env: str) -> subprocess.Popen:
    """One of the helper processes of drill_procs.py (writer, reader, recorder)."""
    return subprocess.Popen([sys.executable, str(PROCS), role, *args], cwd=REPO, env=subprocess_env(**env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def invoke(url: str, *args: str, input: bytes | str | None = None):
    """`stance --db URL …` in this process (typer's CliRunner): the same code, without an interpreter's start."""
    return CliRunner().invoke(app, ["--db", url, *args], input=input)


def verify_cli(url: str, *args: str) -> tuple[int, list[str], list[str]]:
    """`stance verify …`: (exit code, stdout lines, stderr lines)."""
    result = invoke(url, "verify", *args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout.splitlines(), result.stderr.splitlines()


def assert_verifies(url: str) -> str:
    """`stance verify` passes; returns the digest it printed."""
    code, out, err = verify_cli(url)
    assert (code, err) == (0, []), f"verify exit {code}: {err}"
    return out[-1]


def head_seq(url: str) -> int:
    """The last seq of the log, read with plain SQL; 0 when there is no log (not even the schema) yet."""
    engine = create_engine(normalize_url(url), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            try:
                return conn.execute(text("SELECT coalesce(max(seq), 0) FROM event_log")).scalar()
            except Exception:  # no table yet: the first run died before its schema was committed
                conn.rollback()
                return 0
    finally:
        engine.dispose()


def has_schema(url: str) -> bool:
    from store.migrate import current_revision

    engine = create_engine(normalize_url(url), poolclass=NullPool)
    try:
        return current_revision(engine) is not None
    finally:
        engine.dispose()


def export_bytes(url: str) -> bytes:
    ledger = Ledger(url, create=False)
    try:
        return b"".join(ledger.export())
    finally:
        ledger.close()


def log_entries(url: str) -> list[dict]:
    ledger = Ledger(url, create=False)
    try:
        return list(ledger.log())
    finally:
        ledger.close()


def pg_server_version(url: str) -> str | None:
    if not url.startswith("postgresql"):
        return None
    engine = create_engine(normalize_url(url), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SHOW server_version")).scalar().split()[0]
    finally:
        engine.dispose()


def backend_label(backend: str, url: str) -> str:
    """The backend with its version, for the figures."""
    if backend == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return f"PostgreSQL {pg_server_version(url)}"


PARTIES = ("russia", "ukraine", "united-states", "european-union", "china", "turkey")
ISSUES = ("territory", "territory/donbas", "territory/crimea", "ceasefire", "alliances/nato", "sanctions",
          "security-guarantees", "prisoners")


def stated_on(rng: random.Random) -> str:
    year = rng.randint(2014, 2025)
    form = rng.randrange(4)
    if form == 0:
        return f"{year}"
    if form == 1:
        return f"{year}-{rng.randint(1, 12):02d}"
    day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if form == 2:
        return day
    return f"{day}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00{rng.choice(['Z', '+03:00', '-05:00'])}"


def generated_events(n: int, seed: int) -> list[str]:
    """n events: statements with ids, and every 40th line a correction or a retraction of an earlier statement."""
    rng = random.Random(seed)
    lines, open_ids = [], []
    for k in range(n):
        if k % 40 == 39 and len(open_ids) > 10:
            target = open_ids.pop(rng.randrange(len(open_ids) - 5))
            if k % 80 == 79:
                event = {"type": "retraction", "target": target, "reason": f"Retracted in line {k + 1}."}
            else:
                event = {"type": "correction", "target": target, "reason": f"Corrected in line {k + 1}.",
                         "changes": {"stance": rng.choice(STANCES), "note": f"correction of line {k + 1}"}}
                open_ids.append(target)
        else:
            sid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            event = {"id": sid, "stated_on": stated_on(rng), "party": rng.choice(PARTIES),
                     "issue": rng.choice(ISSUES), "stance": rng.choice(STANCES),
                     "position": f"Drill statement {k}: a position of some length, as real ones have.",
                     "speaker": rng.choice([None, "A Spokesperson", "The Minister"]),
                     "source": {"outlet": rng.choice(["TASS", "Reuters", "Ukrinform"]), "url": f"https://e.org/{k}"},
                     "tags": [f"batch-{k % 7}"]}
            open_ids.append(sid)
        lines.append(json.dumps({key: v for key, v in event.items() if v is not None}, ensure_ascii=False))
    return lines
