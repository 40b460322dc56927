#!/usr/bin/env python3
"""Writes notebooks-data/trends.ipynb (the analyst's starting point) from the cells below.

Edit the cells here, then run this script, so the notebook stays reviewable as code.
"""
import os
import nbformat as nbf

cells = [
    nbf.v4.new_markdown_cell(
        "# Compliance trends of the sample town\n\n"
        "Where an analyst starts: run `worksafe` on the bundled sample town "
        "(`notebooks-data/town-sample`), load its CSV output with pandas and plot it. "
        "Set `WORKSAFE` to the executable (default: the debug build of this checkout) and "
        "`WORKSAFE_DATA` to another ledger folder to use your own data."),
    nbf.v4.new_code_cell(
        "import io, os, subprocess\n"
        "import pandas as pd\n"
        "import matplotlib\n"
        "matplotlib.use('Agg')\n"
        "import matplotlib.pyplot as plt\n"
        "\n"
        "ROOT = os.path.abspath(os.path.join(os.getcwd(), '..')) if os.path.basename(os.getcwd()) == 'notebooks-data' else os.getcwd()\n"
        "WORKSAFE = os.environ.get('WORKSAFE', os.path.join(ROOT, '.build', 'debug', 'worksafe'))\n"
        "DATA = os.environ.get('WORKSAFE_DATA', os.path.join(ROOT, 'notebooks-data', 'town-sample'))\n"
        "\n"
        "def worksafe(*args):\n"
        "    \"\"\"Runs worksafe and returns its CSV output as a DataFrame.\"\"\"\n"
        "    out = subprocess.run([WORKSAFE, *args, '--data', DATA], check=True, capture_output=True).stdout\n"
        "    return pd.read_csv(io.BytesIO(out))\n"),
    nbf.v4.new_markdown_cell("## The town against the schedule (序时进度)"),
    nbf.v4.new_code_cell(
        "town = worksafe('trend', '--period', 'month', '--fit', 'logistic')\n"
        "town['period_end'] = pd.to_datetime(town['period_end'])\n"
        "fig, ax = plt.subplots(figsize=(8, 4))\n"
        "ax.fill_between(town.period_end, town.wilson_lower_percent, town.wilson_upper_percent, alpha=0.2, label='Wilson 95%')\n"
        "ax.plot(town.period_end, town.share_percent, label='completed %')\n"
        "ax.plot(town.period_end, town.schedule_percent, '--', label='schedule %')\n"
        "ax.set_ylabel('% of open enterprises'); ax.legend(); ax.set_title('Town completion share')\n"
        "assert town.share_percent.between(0, 100).all()\n"
        "town.tail()"),
    nbf.v4.new_markdown_cell("## Communities"),
    nbf.v4.new_code_cell(
        "com = worksafe('trend', '--by', 'community')\n"
        "com['period_end'] = pd.to_datetime(com['period_end'])\n"
        "pivot = com.pivot(index='period_end', columns='unit', values='share_percent')\n"
        "ax = pivot.plot(figsize=(8, 4), title='Completion share by community')\n"
        "ax.set_ylabel('%')\n"
        "latest = com[com.period_end == com.period_end.max()].sort_values('gap_percent')\n"
        "latest[['unit', 'completed', 'open', 'share_percent', 'schedule_percent', 'gap_percent', 'pace_per_month']]"),
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
