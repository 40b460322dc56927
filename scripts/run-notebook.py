#!/usr/bin/env python3
"""Executes notebooks-data/trends.ipynb headless (nbclient) so it never goes stale.

Exit 0 when every cell runs; non-zero with the failing cell's error otherwise. Needs
`pip install nbclient nbformat ipykernel pandas matplotlib` (scripts/test.sh installs them).
"""
import os
import sys

import nbformat
from nbclient import NotebookClient

root = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
path = os.path.join(root, 'notebooks-data', 'trends.ipynb')
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, timeout=300, kernel_name='python3',
                        resources={'metadata': {'path': os.path.join(root, 'notebooks-data')}})
client.execute()
print(f"notebook: {len(nb.cells)} cells executed without error")
