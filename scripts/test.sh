#!/usr/bin/env bash
# The README's second command: run the whole test suite, build the DocC documentation, then
# execute the analyst's notebook headless so it never goes stale.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build --build-tests
swift test --skip-build
# The suite runs as root in CI: an output written to /dev/null must never have replaced it.
if [ ! -c /dev/null ]; then
  echo "scripts/test.sh: /dev/null is no longer a character device (a test replaced it); restore it with: rm -f /dev/null && mknod -m 666 /dev/null c 1 3" >&2
  exit 1
fi
# The DocC catalogs of the libraries (about a minute and a half after the build).
scripts/build-docs.sh
# The notebook runs the debug `worksafe` just built, on the bundled sample.
if ! python3 -c "import nbclient, nbformat, ipykernel, pandas, matplotlib" 2>/dev/null; then
  python3 -m pip install -q --disable-pip-version-check nbclient nbformat ipykernel pandas matplotlib
fi
WORKSAFE="$PWD/.build/debug/worksafe" python3 scripts/run-notebook.py 2>&1 | grep -v "running over TCP"
