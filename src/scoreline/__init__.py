"""Scoreline: lead accountability for car dealers."""

import os

# Polars allocates through its own jemalloc, which by default keeps freed pages for ten
# seconds to reuse them. A report reads and drops gigabytes of text and intermediate columns
# in that time, so the kept pages, not the live frames, made most of its peak memory (at a
# million leads 1.3 of 1.8 GB after reading were garbage). Kept for one second they still
# serve the next step's allocations; returning them at once (0) cost a quarter more CPU time
# (at a million leads 15.5 against 12 CPU-seconds) for 0.1 GB less peak. Read by jemalloc
# when Polars is first loaded, so set here, before any module of the product imports Polars;
# a value already in the environment wins.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:1000,muzzy_decay_ms:0")
