"""Run one measured contender in this fresh process and print its figures as one JSON line.

A process per measurement keeps peaks of memory apart and keeps one contender's caches from warming another's.
Setup (creating the schema, preparing rows) is not timed; the base RSS is taken after it, the peak at the end.
With "profile" in the spec, the timed part runs under cProfile (slower: for finding where time goes, not for
figures).
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


def profiled(run, path: str):
    """The timed part under cProfile, its statistics written to `path` (read them with `python -m pstats`)."""
    import cProfile

    def timed(clock):
        profile = cProfile.Profile()
        try:
            return profile.runcall(run, clock)
        finally:
            profile.dump_stats(path)

    return timed


def main(argv: list[str]) -> None:
    from benchmarks.contenders import contender

    name, spec = argv[0], json.loads(argv[1])
    run = contender(name)(spec)
    if spec.get("profile"):
        run = profiled(run, spec["profile"])
    base = rss_kib("VmRSS") or peak_kib()
    clock = Clock()
    clock.start()
    result = run(clock)
    clock.stop()
    # A contender returns how many events it handled, or a dict with "events" and its own figures
    # (a latency benchmark's per-run "samples" of [wall, cpu] seconds, an answer's digest…).
    figures = result if isinstance(result, dict) else {"events": result}
    print(json.dumps({**figures, "seconds": clock.wall, "cpu_seconds": clock.cpu, "base_rss_kib": base,
                      "peak_rss_kib": peak_kib()}))


if __name__ == "__main__":
    main(sys.argv[1:])
