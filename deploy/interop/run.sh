#!/usr/bin/env bash
# Interop test: runs the demo, then reads its Delta tables with the `deltalake` Python package
# (installed here from PyPI into a cached virtualenv) and compares row counts with ipdc's.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${IPDC_VENV:-$HOME/.cache/ipdc-venv}"
target="${CARGO_TARGET_DIR:-$repo/target}"
if ! "$venv/bin/python" -c 'import deltalake' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'deltalake==1.1.*' pyarrow
fi
cargo build --quiet -p ipdc-pipeline --bin ipdc
root="$(mktemp -d)/demo"
"$target/debug/ipdc" --root "$root" demo > /dev/null 2>&1
"$venv/bin/python" "$here/check_tables.py" "$root" "$target/debug/ipdc"
rm -rf "$(dirname "$root")"
