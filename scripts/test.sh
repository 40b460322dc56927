#!/usr/bin/env bash
# The README's second command: run the whole test suite, build the DocC documentation, then
# execute the analyst's notebook headless so it never goes stale, checking that its executed
# copy holds the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
# Python side: the notebook's packages, and openpyxl, which the workbook tests use as an
# independent reader (WorkbookOutputTests runs scripts/fixtures/check_workbooks.py when present).
if ! python3 -c "import nbclient, nbformat, ipykernel, pandas, matplotlib, openpyxl" 2>/dev/null; then
  python3 -m pip install -q --disable-pip-version-check nbclient nbformat ipykernel pandas matplotlib openpyxl
fi
# A CJK font for the notebook's Chinese labels (Debian fonts-noto-cjk).
if ! ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1; then
  echo "test: installing fonts-noto-cjk" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-noto-cjk >/dev/null
fi
swift build --build-tests
swift test --skip-build
# The suite runs as root in CI: an output written to /dev/null must never have replaced it.
if [ ! -c /dev/null ]; then
  echo "scripts/test.sh: /dev/null is no longer a character device (a test replaced it); restore it with: rm -f /dev/null && mknod -m 666 /dev/null c 1 3" >&2
  exit 1
fi
# The DocC catalogs of the libraries (about a minute and a half after the build).
scripts/build-docs.sh
# The notebook finds the debug `worksafe` just built by itself (no WORKSAFE), runs on the
# bundled sample, and must keep its figures (image/png) in the executed copy.
python3 scripts/run-notebook.py 2>&1 | grep -v "running over TCP"
