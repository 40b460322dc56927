#!/usr/bin/env python3
"""Peer of `worksafe validate`: the same column checks on a ledger folder, in pandas, vectorised.

enterprises.csv: id present, not in scientific notation, no duplicate; 18-character ids checked
as GB 32100-2015 credit codes (warning), 16+ digits ending in 000 (warning); name, community,
department, industry, size present; size a known label; opened_on / closed_on real dates, not
after --today, closed after opened; benchmark a yes/no flag. status.csv: a known id, a date
(not in the future), a known status, score 0–100, status before the opening (warning).
risk.csv: a known id, a quarter such as 2024Q3 that has started, the eight element scores
0–100, counts whole and not negative, rectified ≤ found, deaths or injuries without an accident
(warning), one row per id and quarter. risk_points.csv: a known id, a name, method lec or ls,
L/E/C or L/S in range. Writes the count of findings per file, severity and rule (CSV).

    python3 validate_pandas.py TOWN OUT.csv [--today YYYY-MM-DD]
"""
import sys

import numpy as np
import pandas as pd

town, out = sys.argv[1], sys.argv[2]
today = pd.Timestamp(sys.argv[sys.argv.index("--today") + 1] if "--today" in sys.argv else "today").normalize()
findings = []


def add(file, severity, rule, mask):
    n = int(np.count_nonzero(mask))
    if n:
        findings.append((file, severity, rule, n))


def read(name):
    return pd.read_csv(f"{town}/{name}", dtype=str, keep_default_na=False, on_bad_lines="skip")


def normal_id(s):
    return s.str.normalize("NFKC").str.strip().str.upper()


def id_checks(file, ids):
    """Excel damage, in every file: scientific notation (error), 16+ digits ending in 000."""
    sci = ids.str.fullmatch(r"\d(\.\d*)?E[+-]?\d+")
    add(file, "error", "excel_mangled_number", sci)
    add(file, "warning", "excel_mangled_number", ids.str.fullmatch(r"\d{16,}") & ids.str.endswith("000"))
    return sci


def dates(file, column, required):
    text = column.str.strip()
    blank = text == ""
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    add(file, "error", "missing_value", blank if required else np.zeros(len(text), bool))
    add(file, "error", "invalid_date", ~blank & parsed.isna())
    add(file, "error", "future_date", parsed > today)
    return parsed.where(parsed <= today)


def numbers(file, column, low, high, required=True):
    text = column.str.strip()
    blank = text == ""
    value = pd.to_numeric(text, errors="coerce")
    add(file, "error", "missing_value", blank if required else np.zeros(len(text), bool))
    add(file, "error", "invalid_number", ~blank & value.isna())
    add(file, "error", "score_out_of_range", (value < low) | (value > high))
    return value


def counts(file, frame, names):
    out = {}
    for name in names:
        text = frame[name].str.strip() if name in frame else pd.Series("", index=frame.index)
        value = pd.to_numeric(text, errors="coerce")
        add(file, "error", "invalid_number", (text != "") & (value.isna() | (value != value.round())))
        add(file, "error", "negative_count", value < 0)
        out[name] = value.fillna(0)
    return out


ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = np.array([pow(3, i, 31) for i in range(17)])
VALUE = np.full(256, -1)
for k, ch in enumerate(ALPHABET):
    VALUE[ord(ch)] = k

# enterprises.csv
f = "enterprises.csv"
ent = read(f)
ids = normal_id(ent["id"])
add(f, "error", "missing_value", ids == "")
id_checks(f, ids)
codes = ids[ids.str.len() == 18]
if len(codes):
    chars = np.frombuffer("".join(codes).encode("latin-1", "replace"), dtype=np.uint8).reshape(-1, 18)
    values = VALUE[chars]
    valid = (values >= 0).all(axis=1)
    check = (31 - (values[:, :17] * WEIGHTS).sum(axis=1) % 31) % 31
    add(f, "warning", "credit_code_check", ~valid | (check != values[:, 17]))
for column in ["name", "community", "department", "industry", "size"]:
    add(f, "error", "missing_value", ent[column].str.strip() == "")
sizes = {"large", "medium", "small", "micro", "大型", "中型", "小型", "微型"}
size = ent["size"].str.strip().str.lower()
add(f, "error", "unknown_category", (size != "") & ~size.isin(sizes))
opened = dates(f, ent["opened_on"], False)
closed = dates(f, ent["closed_on"], False)
add(f, "error", "closed_before_opened", closed <= opened)
flag = ent["benchmark"].str.strip().str.lower() if "benchmark" in ent else pd.Series(dtype=str)
add(f, "error", "unknown_category", ~flag.isin({"1", "true", "yes", "y", "是", "0", "false", "no", "n", "否", ""}))
add(f, "error", "duplicate_id", ids.duplicated() & (ids != ""))
known = pd.Series(opened.to_numpy(), index=ids).loc[lambda s: ~s.index.duplicated()]

# status.csv
f = "status.csv"
st = read(f)
sid = normal_id(st["id"])
add(f, "error", "unknown_enterprise", ~sid.isin(known.index) & ~id_checks(f, sid))
day = dates(f, st["date"], True)
statuses = {"not_started", "in_progress", "self_assessed", "completed", "level3", "level2", "level1",
            "compliant", "lapsed"}
status = st["status"].str.strip().str.lower()
add(f, "error", "missing_value", status == "")
add(f, "error", "unknown_category", (status != "") & ~status.isin(statuses))
if "score" in st:
    numbers(f, st["score"], 0, 100, required=False)
add(f, "warning", "status_before_opening", day < sid.map(known))

# risk.csv
f = "risk.csv"
risk = read(f)
rid = normal_id(risk["id"])
add(f, "error", "unknown_enterprise", ~rid.isin(known.index) & ~id_checks(f, rid))
period = risk["period"].str.strip().str.upper()
ok = period.str.fullmatch(r"\d{4}Q[1-4]")
add(f, "error", "invalid_period", ~ok)
first_day = pd.PeriodIndex(period.where(ok, "2000Q1"), freq="Q").start_time
add(f, "error", "future_date", ok & (first_day > today))
for column in ["goals_responsibilities", "institutional_management", "education_training", "site_management",
               "risk_control_hazards", "emergency_management", "accident_management", "continuous_improvement"]:
    numbers(f, risk[column], 0, 100)
c = counts(f, risk, ["hazards_general", "hazards_major", "hazards_rectified", "major_rectified", "violations",
                     "accidents", "deaths", "injuries", "points_red", "points_orange", "points_yellow",
                     "points_blue"])
add(f, "error", "inconsistent_counts", c["major_rectified"] > c["hazards_major"])
add(f, "error", "inconsistent_counts", c["hazards_rectified"] > c["hazards_general"] + c["hazards_major"])
add(f, "warning", "inconsistent_counts", (c["deaths"] + c["injuries"] > 0) & (c["accidents"] == 0))
add(f, "error", "duplicate_period", pd.DataFrame({"id": rid, "p": period}).duplicated())

# risk_points.csv
f = "risk_points.csv"
pts = read(f)
pid = normal_id(pts["id"])
add(f, "error", "unknown_enterprise", ~pid.isin(known.index) & ~id_checks(f, pid))
add(f, "error", "missing_value", pts["point"].str.strip() == "")
method = pts["method"].str.strip().str.lower()
add(f, "error", "unknown_category", ~method.isin({"lec", "ls"}))
lec, ls = pts[method == "lec"], pts[method == "ls"]
numbers(f, lec["l"], 0.1, 10), numbers(f, lec["e"], 0.5, 10), numbers(f, lec["c"], 1, 100)
numbers(f, ls["l"], 1, 5), numbers(f, ls["s"], 1, 5)

table = pd.DataFrame(findings, columns=["file", "severity", "rule", "count"])
table.groupby(["file", "severity", "rule"], as_index=False)["count"].sum().to_csv(out, index=False)
