"""Benchmarks: stancelog measured against peers in the same run, on the same generated histories.

Not part of the test run. `python -m benchmarks all` (or `import`, `asof`, `rebuild`, `startup`) prints a table of
figures and one of ratios against the performance goals, and can write them as JSON; see benchmarks/README.md.
"""
