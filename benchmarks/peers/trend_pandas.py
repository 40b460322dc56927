#!/usr/bin/env python3
"""Peer of `worksafe trend --by community --period quarter`: completion shares by community at
each quarter end, in pandas, as an analyst would write it.

Definitions (DESIGN.md): on a day an enterprise is open when it opened on or before it (or has
no opening date) and has not closed on or before it; it is completed when it is open and its
latest status on or before the day is completed, compliant or a grade. Quarter ends from the
campaign start (2023-01-01) to the latest status date, plus that date when it ends a partial
quarter. Writes unit, period_end, completed, open, share_percent (CSV).

    python3 trend_pandas.py TOWN OUT.csv
"""
import sys

import pandas as pd

town, out = sys.argv[1], sys.argv[2]
DONE = {"completed", "compliant", "level1", "level2", "level3"}
ent = pd.read_csv(f"{town}/enterprises.csv", dtype=str, usecols=["id", "community", "opened_on", "closed_on"])
st = pd.read_csv(f"{town}/status.csv", dtype=str, usecols=["id", "date", "status"])
st["date"] = pd.to_datetime(st["date"], format="%Y-%m-%d")
st["done"] = st["status"].isin(DONE)
st = st.sort_values(["id", "date"], kind="stable")
opened = pd.to_datetime(ent["opened_on"], format="%Y-%m-%d")
closed = pd.to_datetime(ent["closed_on"], format="%Y-%m-%d")
as_of = st["date"].max()
ends = list(pd.date_range("2023-01-01", as_of, freq="QE"))
if not ends or ends[-1] != as_of:
    ends.append(as_of)
ent = ent[opened.isna() | (opened <= as_of)]
rows = []
for day in ends:
    latest = st[st["date"] <= day].groupby("id")["done"].last()
    is_open = (opened.isna() | (opened <= day)) & (closed.isna() | (closed > day))
    is_open = is_open[ent.index]
    done = ent["id"].map(latest).fillna(False).astype(bool) & is_open
    g = pd.DataFrame({"unit": ent["community"], "open": is_open, "completed": done}).groupby("unit").sum()
    g["period_end"] = day.strftime("%Y-%m-%d")
    rows.append(g.reset_index())
table = pd.concat(rows).sort_values(["unit", "period_end"], kind="stable")
table["share_percent"] = (100 * table["completed"] / table["open"]).round(2)
table[["unit", "period_end", "completed", "open", "share_percent"]].to_csv(out, index=False)
