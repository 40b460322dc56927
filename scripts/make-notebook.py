#!/usr/bin/env python3
"""Writes notebooks-data/trends.ipynb (the analyst's starting point) from the cells below.

Edit the cells here, then run this script, so the notebook stays reviewable as code.
scripts/run-notebook.py executes it headless (scripts/test.sh does, and CI) and checks that the
executed copy holds its figures.
"""
import os
import nbformat as nbf

cells = [
    nbf.v4.new_markdown_cell(
        "# Compliance trends of the sample town · 样例镇标准化完成趋势\n\n"
        "Where an analyst starts: run `worksafe`, load its output — CSV or an Excel workbook — with "
        "pandas, and plot it inline (the figures stay in the saved notebook).\n\n"
        "- `worksafe` is found by itself: `$WORKSAFE` if set, else the newest release or debug build "
        "of the repository this notebook sits in, else `worksafe` on `PATH`.\n"
        "- Data: the bundled sample town by default (it is built into `worksafe`); set "
        "`$WORKSAFE_DATA` to a ledger folder (CSV files or workbooks) to use your own.\n"
        "- Chinese labels need a CJK font: `apt-get install fonts-noto-cjk` (Debian), found "
        "automatically below."),
    nbf.v4.new_code_cell(
        "%matplotlib inline\n"
        "import io, os, shutil, subprocess, tempfile, warnings\n"
        "import pandas as pd\n"
        "import matplotlib.pyplot as plt\n"
        "from matplotlib import font_manager\n"
        "\n"
        "def find_repository(start):\n"
        "    \"\"\"The worksafe checkout containing `start`, or None.\"\"\"\n"
        "    d = os.path.abspath(start)\n"
        "    while True:\n"
        "        if os.path.isfile(os.path.join(d, 'Package.swift')) and os.path.isdir(os.path.join(d, 'Sources', 'WorkSafeCLI')):\n"
        "            return d\n"
        "        if os.path.dirname(d) == d:\n"
        "            return None\n"
        "        d = os.path.dirname(d)\n"
        "\n"
        "def find_worksafe(repo):\n"
        "    \"\"\"$WORKSAFE, else the newest build of the checkout, else worksafe on PATH.\"\"\"\n"
        "    if os.environ.get('WORKSAFE'):\n"
        "        return os.environ['WORKSAFE']\n"
        "    if repo:\n"
        "        builds = [os.path.join(repo, '.build', c, 'worksafe') for c in ('release', 'debug')]\n"
        "        builds = [b for b in builds if os.access(b, os.X_OK)]\n"
        "        if builds:\n"
        "            return max(builds, key=os.path.getmtime)\n"
        "    found = shutil.which('worksafe')\n"
        "    if found:\n"
        "        return found\n"
        "    raise FileNotFoundError('worksafe not found: build it (swift build -c release), put it on PATH or set WORKSAFE')\n"
        "\n"
        "REPO = find_repository(os.getcwd())\n"
        "WORKSAFE = find_worksafe(REPO)\n"
        "DATA = os.environ.get('WORKSAFE_DATA')  # None: the sample town built into worksafe\n"
        "OUT = tempfile.mkdtemp(prefix='worksafe-notebook-')\n"
        "\n"
        "def worksafe(*args, data=DATA):\n"
        "    \"\"\"Runs worksafe; returns its CSV output as a DataFrame (or None when it wrote a file).\"\"\"\n"
        "    cmd = [WORKSAFE, *args] + (['--data', data] if data else [])\n"
        "    out = subprocess.run(cmd, check=True, capture_output=True).stdout\n"
        "    return pd.read_csv(io.BytesIO(out), dtype={'id': str}) if out else None\n"
        "\n"
        "def cjk_font():\n"
        "    \"\"\"The name of an installed font with Chinese glyphs (the font list rebuilt once if needed).\"\"\"\n"
        "    wanted = ('Noto Sans CJK SC', 'Noto Sans CJK', 'Source Han Sans', 'WenQuanYi', 'SimHei', 'Microsoft YaHei', 'PingFang')\n"
        "    for attempt in range(2):\n"
        "        names = sorted({f.name for f in font_manager.fontManager.ttflist})\n"
        "        for w in wanted:\n"
        "            hit = next((n for n in names if n.startswith(w)), None)\n"
        "            if hit:\n"
        "                return hit\n"
        "        font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)\n"
        "    return None\n"
        "\n"
        "FONT = cjk_font()\n"
        "if FONT:\n"
        "    plt.rcParams['font.sans-serif'] = [FONT, 'DejaVu Sans']\n"
        "    plt.rcParams['axes.unicode_minus'] = False\n"
        "else:\n"
        "    warnings.warn('no CJK font installed: Chinese labels will show as boxes (apt-get install fonts-noto-cjk)')\n"
        "print('worksafe:', WORKSAFE)\n"
        "print('data:', DATA or 'bundled sample town')\n"
        "print('CJK font:', FONT)"),
    nbf.v4.new_markdown_cell("## The town against the schedule (序时进度) — CSV on standard output"),
    nbf.v4.new_code_cell(
        "town = worksafe('trend', '--period', 'month', '--fit', 'logistic')\n"
        "town['period_end'] = pd.to_datetime(town['period_end'])\n"
        "fig, ax = plt.subplots(figsize=(8, 4))\n"
        "ax.fill_between(town.period_end, town.wilson_lower_percent, town.wilson_upper_percent, alpha=0.2, label='Wilson 95%')\n"
        "ax.plot(town.period_end, town.share_percent, label='completed %')\n"
        "ax.plot(town.period_end, town.schedule_percent, '--', label='schedule %')\n"
        "ax.set_ylabel('% of open enterprises'); ax.legend(); ax.set_title('Town completion share')\n"
        "plt.show()\n"
        "assert town.share_percent.between(0, 100).all()\n"
        "town.tail()"),
    nbf.v4.new_markdown_cell(
        "## 各社区完成率 — from an Excel workbook, in Chinese\n\n"
        "`--output FILE.xlsx` writes a workbook (dates are dates, ids are text); `--lang zh` gives "
        "Chinese headers and labels. pandas reads it with openpyxl."),
    nbf.v4.new_code_cell(
        "book = os.path.join(OUT, '社区趋势.xlsx')\n"
        "worksafe('trend', '--by', 'community', '--lang', 'zh', '--output', book)\n"
        "com = pd.read_excel(book, sheet_name=0)\n"
        "assert pd.api.types.is_datetime64_any_dtype(com['期末日期'])\n"
        "pivot = com.pivot(index='期末日期', columns='单位', values='完成率(%)')\n"
        "ax = pivot.plot(figsize=(8, 4), title='各社区标准化完成率')\n"
        "ax.set_ylabel('完成率（%）'); ax.set_xlabel('期末日期')\n"
        "plt.show()\n"
        "latest = com[com['期末日期'] == com['期末日期'].max()].sort_values('进度差(百分点)')\n"
        "latest[['单位', '已完成企业数', '在册企业数', '完成率(%)', '序时进度(%)', '进度差(百分点)']]"),
    nbf.v4.new_markdown_cell(
        "## A ledger kept as a workbook (台账.xlsx)\n\n"
        "`worksafe` reads ledgers kept in Excel: here the sample town as one workbook with sheets "
        "企业台账, 状态, 风险, 风险点 (`notebooks-data/town-sample-workbooks`). pandas reads the same "
        "file; the ids stay text."),
    nbf.v4.new_code_cell(
        "ledger_book = os.path.join(REPO, 'notebooks-data', 'town-sample-workbooks', 'one-book') if REPO else None\n"
        "if ledger_book and os.path.isdir(ledger_book) and not DATA:\n"
        "    enterprises = pd.read_excel(os.path.join(ledger_book, '台账.xlsx'), sheet_name='企业台账', dtype={'统一社会信用代码': str})\n"
        "    assert enterprises['统一社会信用代码'].str.len().isin([15, 18]).all()\n"
        "    counts = enterprises.groupby(['所属社区', '企业规模']).size().unstack(fill_value=0)\n"
        "    ax = counts.plot.bar(stacked=True, figsize=(8, 4), title='各社区企业数（按规模）')\n"
        "    ax.set_xlabel('所属社区'); ax.set_ylabel('企业数')\n"
        "    plt.show()\n"
        "    from_book = worksafe('trend', '--by', 'community', data=ledger_book)\n"
        "    from_csv = worksafe('trend', '--by', 'community')\n"
        "    assert from_book.equals(from_csv), 'the workbook ledger gives the same trend as the CSV ledger'\n"
        "    print('trend from 台账.xlsx == trend from the CSV files:', from_book.shape)\n"
        "else:\n"
        "    print('sample workbooks not found (notebook outside the repository, or WORKSAFE_DATA set)')"),
    nbf.v4.new_markdown_cell("## Time to completion (Kaplan–Meier) by size"),
    nbf.v4.new_code_cell(
        "worksafe('trend', '--view', 'time-to-completion', '--by', 'size')"),
]
nb = nbf.v4.new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python"},
})
path = os.path.join(os.path.dirname(__file__), '..', 'notebooks-data', 'trends.ipynb')
nbf.write(nb, path)
print('wrote', os.path.normpath(path))
