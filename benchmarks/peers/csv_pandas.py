#!/usr/bin/env python3
"""Peer for CSV ingest: pandas.read_csv of the shared 13-column numeric CSV (C engine, defaults)."""
import _harness as h
import pandas as pd

args = h.arguments(__doc__, warmup=1, repeats=5).parse_args()
data = h.Data(args.data)
section = data.section("csv")
path = data.path("csv", "file")


def run():
    frame = pd.read_csv(path)
    assert frame.shape == (section["rows"], section["columns"]), frame.shape


h.measure("csv.pandas", f"CSV ingest {section['rows']:,} rows x {section['columns']}",
          f"pandas {pd.__version__} read_csv", run, args.warmup, args.repeats,
          notes="file in page cache after warm-up",
          extra={"bytes": section["bytes"], "rows": section["rows"]})
