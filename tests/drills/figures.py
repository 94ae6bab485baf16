"""Where the drills leave their figures: one JSON file per drill and backend, read by docs/drills.py.

The directory is $STANCE_DRILL_FIGURES (docs/drills.py sets it); without it, a directory under the system's temp
dir, so a plain `pytest` run writes its figures somewhere harmless.
"""

import json
import os
import tempfile
import time
from pathlib import Path

ENV = "STANCE_DRILL_FIGURES"


def figures_dir() -> Path:
    path = Path(os.environ.get(ENV) or Path(tempfile.gettempdir()) / "stancelog-drill-figures")
    path.mkdir(parents=True, exist_ok=True)
    return path


def record(drill: str, backend: str, proves: str, seconds: float, **figures) -> Path:
    """Write one drill's figures on one backend; a later run of the same drill replaces them."""
    path = figures_dir() / f"{drill}--{backend}.json"
    path.write_text(json.dumps({
        "drill": drill, "backend": backend, "proves": proves, "seconds": round(seconds, 2), "figures": figures,
    }, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


class Stopwatch:
    def __init__(self) -> None:
        self.start = time.perf_counter()

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.start

