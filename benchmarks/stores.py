"""Generated histories and the stores imported from them, kept in a work directory so that reruns are fast.

A history of N events is generated once and smaller sizes are cut from it (the stream does not depend on its
length). A store is imported once per size, in a worker process, and reused while its sidecar file says it holds
the same events under the same schema head; the sidecar also records a fingerprint of the code that built it
(events/, store/, migrations/), so a report can say when a store was built by other code. `--fresh` rebuilds.
"""

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from benchmarks.runner import ROOT, run_worker
from benchmarks.scratch import fresh_sqlite
from benchmarks.synthetic import write_history

Say = Callable[[str], None]


def fingerprint(*folders: str) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def code_fingerprint() -> str:
    return fingerprint("events", "store", "migrations")


def _meta(path: Path) -> dict | None:
    try:
        return json.loads(Path(f"{path}.json").read_text())
    except (OSError, ValueError):
        return None


def _write_meta(path: Path, meta: dict) -> None:
    Path(f"{path}.json").write_text(json.dumps(meta, indent=1) + "\n")


def _forget(path: Path) -> None:
    Path(f"{path}.json").unlink(missing_ok=True)  # first: a half-made file must never look complete
    fresh_sqlite(path)


def histories(workdir: Path, sizes: list[int], seed: int, say: Say) -> dict[int, Path]:
    """A JSON Lines file for each size: the largest generated (unless a large enough one is kept), the rest cut."""
    generator = _generator_fingerprint()
    found: dict[int, Path] = {}
    for size in sorted(set(sizes), reverse=True):
        path = workdir / f"history-{seed}-{size}.jsonl"
        meta = _meta(path)
        if meta and meta.get("generator") == generator and path.exists():
            found[size] = path
            continue
        Path(f"{path}.json").unlink(missing_ok=True)
        source = next((found[n] for n in sorted(found) if n > size), None) or _larger(workdir, size, seed, generator)
        started = time.perf_counter()
        if source is None:
            say(f"generating {size:,} events")
            counts = write_history(path, size, seed)
        else:
            with open(source, "rb") as lines, open(path, "wb") as out:
                out.writelines(islice(lines, size))
            counts = None
        _write_meta(path, {"events": size, "seed": seed, "generator": generator, "counts": counts,
                           "bytes": path.stat().st_size, "seconds": round(time.perf_counter() - started, 3)})
        found[size] = path
    return found


def _generator_fingerprint() -> str:
    return hashlib.sha256((ROOT / "benchmarks" / "synthetic.py").read_bytes()).hexdigest()[:16]


def _larger(workdir: Path, size: int, seed: int, generator: str) -> Path | None:
    for path in sorted(workdir.glob(f"history-{seed}-*.jsonl")):
        meta = _meta(path)
        if meta and meta.get("generator") == generator and meta["events"] > size:
            return path
    return None


def history_counts(path: Path) -> dict | None:
    meta = _meta(path)
    return meta.get("counts") if meta else None


class Stores:
    """Stores kept in `workdir`: stancelog's SQLite store and the eventsourcing peer's, one of each per size."""

    def __init__(self, workdir: Path, seed: int, say: Say, fresh: bool = False):
        self.workdir, self.seed, self.say, self.fresh = workdir, seed, say, fresh
        self.code = code_fingerprint()
        self.made: set[Path] = set()  # made in this run: reused even with --fresh

    def path(self, kind: str, size: int) -> Path:
        return self.workdir / f"{kind}-{self.seed}-{size}.db"

    def _usable(self, path: Path, size: int) -> bool:
        if path in self.made:
            return True
        meta = _meta(path)
        if self.fresh or not meta or not path.exists():
            return False
        from store.schema import SCHEMA_HEAD

        return meta.get("events") == size and meta.get("schema_head", SCHEMA_HEAD) == SCHEMA_HEAD

    def stancelog(self, size: int, history: Path) -> Path:
        """A SQLite store holding the first `size` events, imported by `stance import`'s path."""
        db = self.path("stancelog", size)
        if not self._usable(db, size):
            _forget(db)
            self.say(f"importing {size:,} events into a SQLite store (kept in {self.workdir})")
            figures = run_worker("stancelog", {"file": str(history), "db": str(db)})
            self._check(figures, size, "the stancelog import")
            self.keep("stancelog", size, db, figures["seconds"])
        return db

    def eventsourcing(self, size: int, history: Path) -> Path:
        """The eventsourcing peer's SQLite store of the same events."""
        db = self.path("eventsourcing", size)
        if not self._usable(db, size):
            _forget(db)
            self.say(f"storing {size:,} events with eventsourcing's SQLite recorder (kept in {self.workdir})")
            figures = run_worker("eventsourcing-import", {"file": str(history), "db": str(db)})
            self._check(figures, size, "the eventsourcing import")
            self.keep("eventsourcing", size, db, figures["seconds"])
        return db

    @staticmethod
    def _check(figures: dict, size: int, what: str) -> None:
        if figures["events"] != size:
            raise RuntimeError(f"{what} stored {figures['events']:,} of {size:,} events")

    def keep(self, kind: str, size: int, made: Path, seconds: float | None = None) -> Path:
        """Take a store a benchmark just made (moved into place) as the kept one for its size."""
        from store.schema import SCHEMA_HEAD

        db = self.path(kind, size)
        if made != db:
            _forget(db)
            for suffix in ("", "-wal", "-shm"):
                if Path(f"{made}{suffix}").exists():
                    shutil.move(f"{made}{suffix}", f"{db}{suffix}")
        _write_meta(db, {"events": size, "seed": self.seed, "schema_head": SCHEMA_HEAD, "code": self.code,
                         "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "import_seconds": seconds})
        self.made.add(db)
        return db

    def describe(self) -> dict:
        """For the report: when each store used was built, and whether by the code measured now."""
        out = {}
        for path in sorted(self.workdir.glob(f"*-{self.seed}-*.db")):
            meta = _meta(path)
            if meta:
                out[path.name] = {"built_at": meta.get("built_at"), "same_code": meta.get("code") == self.code}
        return out
