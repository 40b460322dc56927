#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets: fuzz/corpus/csv-reader,
fuzz/corpus/ledger-validation and fuzz/corpus/workbook-reader. Real-looking files: UTF-8 with and without BOM, GB18030,
English and Chinese headers, quoted fields with commas, quotes and line breaks, CRLF and CR line
ends, ragged rows, numbers in many spellings, and a few malformed files. Ledger seeds are cut
from the bundled sample town (notebooks-data/town-sample) and joined with NUL bytes in the
order enterprises, status, risk, risk_points (the ledger target's input format).
Run from the repository root: python3 fuzz/make-corpus.py"""
import csv, io, os, shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "notebooks-data", "town-sample")

def write(target, name, data):
    d = os.path.join(ROOT, "fuzz", "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

BOM = b"\xef\xbb\xbf"
csv_seeds = {
    "plain.csv": "id,name,score\n1,alpha,3.5\n2,beta,-0.25\n3,gamma,1e3\n",
    "quotes.csv": 'id,note\n1,"a, b"\n2,"she said ""hi"""\n3,""\n4,"line one\nline two"\n5,"crlf\r\ninside"\n',
    "crlf.csv": "a,b,c\r\n1,2,3\r\n4,5,6\r\n",
    "cr-only.csv": "a,b\r1,2\r3,4\r",
    "ragged.csv": "a,b,c\n1,2\n3,4,5,6\n\n7\n,,\n",
    "blank-lines.csv": "\n\r\n\na,b\n\n1,2\n\r\n\n3,4",
    "numbers.csv": 'x,y,z\n0,-0,+1\n1.5e-3,"2.5",  \n.5,5.,1E+308\n4.9e-324,123456789012345678901234567890,-1.7976931348623157e308\n 7 ,\t8\t,0.1\n',
    "not-numbers.csv": "x,y\n1,nan\ninf,0x10\n1_000,1.2.3\n",
    "formula.csv": "text\n=SUM(A1:A2)\n+1\n-2\n@cmd\n\"'=already\"\n",
    "chinese.csv": "统一社会信用代码,企业名称,所属社区,企业规模\n91350105MA2XYZ123Q,福州某某化工有限公司,新城社区,小型\n",
    "unterminated.csv": 'a,b\n1,"open\n2,3\n',
    "after-quote.csv": 'a,b\n"x"y,2\n',
    "only-header.csv": "a,b,c",
    "empty.csv": "",
    "fullwidth-header.csv": "ＩＤ, Opened On ,OPENED-ON\n1,2024-01-01,2024-01-02\n",
}
for name, text in csv_seeds.items():
    write("csv-reader", name, text.encode("utf-8"))
write("csv-reader", "bom.csv", BOM + "id,名称\n1,甲\n".encode("utf-8"))
write("csv-reader", "gb18030.csv", "统一社会信用代码,企业名称,状态\n1,福州君竹金盛化工有限公司,已完成提升\n2,\"引号,逗号\",创建中\n".encode("gb18030"))
write("csv-reader", "gb18030-4byte.csv", "名称,备注\n𠀀,€\n".encode("gb18030"))
write("csv-reader", "invalid-utf8.csv", b"a,b\n\xff\xfe,\xc0\xaf\n")
write("csv-reader", "bom-gb18030-mix.csv", BOM + "a\n".encode("utf-8") + "中".encode("gb18030") + b"\n")

def head(name, n):
    with open(os.path.join(SAMPLE, name), encoding="utf-8") as f:
        return [row for _, row in zip(range(n + 1), csv.reader(f))]

def rows_for(name, ids, limit):
    with open(os.path.join(SAMPLE, name), encoding="utf-8") as f:
        r = csv.reader(f)
        out = [next(r)]
        for row in r:
            if row[0] in ids:
                out.append(row)
                if len(out) > limit:
                    break
        return out

def to_csv(rows, lineterminator="\n"):
    s = io.StringIO()
    csv.writer(s, lineterminator=lineterminator).writerows(rows)
    return s.getvalue()

ents = head("enterprises.csv", 12)
ids = {r[0] for r in ents[1:]}
files = [ents, rows_for("status.csv", ids, 40), rows_for("risk.csv", ids, 20), rows_for("risk_points.csv", ids, 15)]
ZH = {
    "enterprises.csv": ["统一社会信用代码", "企业名称", "所属社区", "监管部门", "行业", "企业规模", "纳入日期", "注销日期", "标杆"],
    "status.csv": ["统一社会信用代码", "日期", "状态", "自评得分"],
}

def joined(parts, enc="utf-8", bom=False, crlf=False):
    out = []
    for rows in parts:
        data = to_csv(rows, "\r\n" if crlf else "\n").encode(enc)
        out.append((BOM if bom else b"") + data)
    return b"\x00".join(out)

write("ledger-validation", "sample-en.bin", joined(files))
write("ledger-validation", "sample-en-two-files.bin", joined(files[:2]))
zh = [[ZH["enterprises.csv"]] + ents[1:], [ZH["status.csv"]] + files[1][1:]]
write("ledger-validation", "sample-zh-bom.bin", joined(zh, bom=True))
write("ledger-validation", "sample-zh-gb18030-crlf.bin", joined(zh, enc="gb18030", crlf=True))
# A dirty ledger: the usual spreadsheet accidents.
dirty_ent = [ents[0],
             ["9.13501E+17", "科学计数法", "新城社区", "应急管理办", "工贸", "small", "", "", ""],
             ["91350105MA2XYZ123Q", "校验码错", "南港社区", "应急管理办", "工贸", "小型", "2024/13/01", "", "是"],
             ["dup", "甲", "南港社区", "应急管理办", "工贸", "huge", "2023-01-01", "2022-12-31", "maybe"],
             ["dup", "乙", "", "应急管理办", "工贸", "micro", "20230105", "", "0"],
             [" x1 ", "ok", "西山社区", "交通运输办", "道路运输", "medium", "2023-02-30", "", ""]]
dirty_status = [["id", "date", "status", "score"],
                ["dup", "2024-01-01", "completed", "101"], ["x1", "2099-01-01", "level2", "-1"],
                ["nobody", "2024-01-01", "done", ""], ["X1", "2023-06-01", "已完成提升", "88.5"],
                ["x1", "", "lapsed", "abc"]]
dirty_risk = [files[2][0], ["x1", "2024Q5"] + ["50"] * 8 + ["1", "0", "3", "1", "0", "0", "1", "0", "0", "0", "1", "2"],
              ["x1", "2024Q1"] + ["50"] * 7 + [""] + ["-1", "2", "1", "0", "0", "0", "0", "0", "0", "0", "1", "2"]]
dirty_points = [files[3][0], ["x1", "p", "lec", "11", "0.1", "200", ""], ["x1", "q", "ls", "3", "", "", ""], ["x1", "r", "风险矩阵", "3", "", "", "6"]]
write("ledger-validation", "dirty.bin", joined([dirty_ent, dirty_status, dirty_risk, dirty_points]))
write("ledger-validation", "missing-column.bin", joined([[["id", "name"], ["1", "a"]], [["id", "date"]]]))
write("ledger-validation", "empty.bin", b"")

# Workbook seeds (fuzz/corpus/workbook-reader): the reader's fixtures and a small ledger workbook,
# each also repackaged with stored (uncompressed) entries, so the fuzzer's mutations reach the
# XML instead of breaking the deflate stream.
import zipfile
FIXTURES = os.path.join(ROOT, "Tests", "SpreadsheetTests", "Fixtures")

def restored(data, method):
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for info in src.infolist():
            i = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            i.compress_type = method
            z.writestr(i, src.read(info.filename))
    return buf.getvalue()

for name in ["typed.xlsx", "shared.xlsx", "inline.xlsx", "date1904.xlsx", "bad-order.xlsx", "bad-entity.xlsx"]:
    with open(os.path.join(FIXTURES, name), "rb") as f:
        data = f.read()
    write("workbook-reader", name, data)
    write("workbook-reader", "stored-" + name, restored(data, zipfile.ZIP_STORED))

def ledger_workbook(method):
    """The first enterprises of the sample (with their status, risk and risk-point rows) as one
    workbook with sheets 企业台账, 状态, 风险, 风险点: inline strings, numbers, no styles."""
    import xml.sax.saxutils as su
    sheets = [("企业台账", files[0]), ("状态", files[1]), ("风险", files[2][:12]), ("风险点", files[3][:12])]
    def col(j):
        s = ""
        j += 1
        while j:
            j, r = divmod(j - 1, 26)
            s = chr(65 + r) + s
        return s
    def cell(ref, v):
        try:
            float(v)
            if v.strip() and len(v) < 16:
                return f'<c r="{ref}"><v>{v}</v></c>'
        except ValueError:
            pass
        return f'<c r="{ref}" t="inlineStr"><is><t>{su.escape(v)}</t></is></c>' if v else ""
    parts = {}
    rels = ['<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>']
    entries = []
    for k, (title, rows) in enumerate(sheets, start=1):
        xml = "".join(f'<row r="{i}">' + "".join(cell(f"{col(j)}{i}", v) for j, v in enumerate(r)) + "</row>"
                      for i, r in enumerate(rows, start=1))
        parts[f"xl/worksheets/sheet{k}.xml"] = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                                                + xml + "</sheetData></worksheet>").encode()
        rels.append(f'<Relationship Id="rId{k}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{k}.xml"/>')
        entries.append(f'<sheet name="{title}" sheetId="{k}" r:id="rId{k}"/>')
    parts["xl/styles.xml"] = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'
    parts["xl/workbook.xml"] = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                                + "".join(entries) + "</sheets></workbook>").encode()
    parts["xl/_rels/workbook.xml.rels"] = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                           + "".join(rels) + "</Relationships>").encode()
    parts["_rels/.rels"] = b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in parts.items():
            i = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            i.compress_type = method
            z.writestr(i, data)
    return buf.getvalue()

write("workbook-reader", "ledger.xlsx", ledger_workbook(zipfile.ZIP_DEFLATED))
write("workbook-reader", "stored-ledger.xlsx", ledger_workbook(zipfile.ZIP_STORED))
