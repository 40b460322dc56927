#!/usr/bin/env python3
"""Executes notebooks-data/trends.ipynb headless (nbclient) so it never goes stale, and checks
what an analyst would see.

The notebook runs in its own folder with `worksafe` found by the notebook itself ($WORKSAFE if
set, else the newest build of this checkout, else PATH). The executed copy is written to
.build/notebook/trends.executed.ipynb (or --output). Checks: every cell runs; the executed copy
holds at least --min-images figures (image/png outputs: the plots are inline, not lost to a
non-interactive backend); no cell warned that a glyph is missing from the font (Chinese drawn as
empty boxes). Exit 0 when all hold, 1 otherwise.

Needs `pip install nbclient nbformat ipykernel pandas matplotlib openpyxl` and a CJK font
(Debian fonts-noto-cjk); scripts/test.sh installs them.
"""
import argparse
import os
import sys

import nbformat
from nbclient import NotebookClient

root = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument('--output', default=os.path.join(root, '.build', 'notebook', 'trends.executed.ipynb'))
ap.add_argument('--min-images', type=int, default=3)
args = ap.parse_args()

path = os.path.join(root, 'notebooks-data', 'trends.ipynb')
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, timeout=600, kernel_name='python3',
                        resources={'metadata': {'path': os.path.join(root, 'notebooks-data')}})
client.execute()
os.makedirs(os.path.dirname(args.output), exist_ok=True)
nbformat.write(nb, args.output)

images, missing = 0, []
for cell in nb.cells:
    for out in cell.get('outputs', []):
        images += 'image/png' in out.get('data', {})
        text = out.get('text', '') if out.get('output_type') == 'stream' else ''
        if 'missing from' in text and 'Glyph' in text:
            missing.append(text.strip().splitlines()[0])
print(f"notebook: {len(nb.cells)} cells executed without error; {images} figure(s) (image/png) in {args.output}")
problems = []
if images < args.min_images:
    problems.append(f"only {images} image/png output(s), expected at least {args.min_images}")
if missing:
    problems.append("glyphs missing from the font (Chinese drawn as boxes): " + missing[0])
for p in problems:
    print("notebook: FAILED: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
