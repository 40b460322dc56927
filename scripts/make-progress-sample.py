#!/usr/bin/env python3
"""Writes notebooks-data/progress-sample.csv: the sample town's cumulative completion per
community at every month end (unit,date,completed,total), computed with pandas from
notebooks-data/town-sample by the design's definition (open on the day; latest status on or
before it is completed, compliant or a grade). An example of the aggregate input that trend and
forecast accept with --progress. Run from the repository root after scripts/make-sample.sh."""
import pandas as pd

folder = "notebooks-data/town-sample"
ent = pd.read_csv(f"{folder}/enterprises.csv", dtype=str)
st = pd.read_csv(f"{folder}/status.csv", dtype={"id": str}).sort_values(["id", "date"], kind="stable")
done = {"completed", "compliant", "level1", "level2", "level3"}
rows = []
for day in pd.date_range("2023-01-31", "2026-09-30", freq="ME").strftime("%Y-%m-%d"):
    latest = st[st.date <= day].groupby("id").tail(1).set_index("id")["status"]
    is_open = (ent.opened_on.isna() | (ent.opened_on <= day)) & (ent.closed_on.isna() | (ent.closed_on > day))
    is_done = ent.id.map(latest).isin(done) & is_open
    for community in sorted(ent.community.unique()):
        m = ent.community == community
        rows.append((community, day, int(is_done[m].sum()), int(is_open[m].sum())))
pd.DataFrame(rows, columns=["unit", "date", "completed", "total"]).to_csv(
    "notebooks-data/progress-sample.csv", index=False, lineterminator="\n")
