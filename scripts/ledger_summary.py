#!/usr/bin/env python3
"""Completion share of a ledger folder on given dates, by a column (an independent pandas
implementation of the design's definition: open on D and latest status on or before D is
completed, compliant or a grade). Usage: ledger_summary.py DIR [by] [dates...]"""
import sys
import pandas as pd

folder = sys.argv[1]
by = sys.argv[2] if len(sys.argv) > 2 else "community"
dates = sys.argv[3:] or ["2023-06-30", "2023-12-31", "2024-06-30", "2024-12-31", "2025-06-30", "2025-12-31", "2026-09-30"]
ent = pd.read_csv(f"{folder}/enterprises.csv", dtype=str)
st = pd.read_csv(f"{folder}/status.csv", dtype={"id": str})
done = {"completed", "compliant", "level1", "level2", "level3"}
st = st.sort_values(["id", "date"], kind="stable")
rows = []
for d in dates:
    latest = st[st.date <= d].groupby("id").tail(1).set_index("id")["status"]
    e = ent.copy()
    e["open"] = (e.opened_on.isna() | (e.opened_on <= d)) & (e.closed_on.isna() | (e.closed_on > d))
    e["done"] = e.id.map(latest).isin(done) & e.open
    g = e.groupby(by if by != "town" else (lambda _: "town"))
    rows.append((g["done"].sum() / g["open"].sum() * 100).round(1).rename(d))
print(pd.concat(rows, axis=1).to_string())
