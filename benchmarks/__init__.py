"""Benchmarks: stancelog measured against peers in the same run, on the same generated histories.

Not part of the test run. `python -m benchmarks import --events 100000` prints a table and can write JSON.
"""
