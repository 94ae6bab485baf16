"""Run one measured contender in this fresh process and print its figures as one JSON line.

A process per measurement keeps peaks of memory apart and keeps one contender's caches from warming another's.
Setup (creating the schema, preparing rows) is not timed; the base RSS is taken after it, the peak at the end.
"""

import json
import resource
import sys
import time
from contextlib import contextmanager


def rss_kib(field: str) -> int | None:
    """VmRSS or VmHWM of this process: unlike ru_maxrss, VmHWM does not inherit the parent's peak across exec."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def peak_kib() -> int:
    peak = rss_kib("VmHWM")
    if peak is not None:
        return peak
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss // 1024 if sys.platform == "darwin" else maxrss  # bytes on macOS, KiB elsewhere


class Clock:
    """Wall and CPU time of the timed part; a contender pauses it around work that is not the contender's own.

    CPU time (user + system, this process only: not a database server's) varies less than wall time when other
    work shares the machine, so both are reported.
    """

    def __init__(self):
        self.wall = self.cpu = 0.0

    @staticmethod
    def _now() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    def start(self) -> None:
        self._wall0, self._cpu0 = self._now()

    def stop(self) -> None:
        wall, cpu = self._now()
        self.wall += wall - self._wall0
        self.cpu += cpu - self._cpu0

    @contextmanager
    def paused(self):
        self.stop()
        try:
            yield
        finally:
            self.start()


def main(argv: list[str]) -> None:
    from benchmarks.contenders import CONTENDERS

    name, spec = argv[0], json.loads(argv[1])
    run = CONTENDERS[name](spec)
    base = rss_kib("VmRSS") or peak_kib()
    clock = Clock()
    clock.start()
    events = run(clock)
    clock.stop()
    print(json.dumps({"events": events, "seconds": clock.wall, "cpu_seconds": clock.cpu, "base_rss_kib": base,
                      "peak_rss_kib": peak_kib()}))


if __name__ == "__main__":
    main(sys.argv[1:])
