#!/usr/bin/env bash
# Acquisition benchmark: download over loopback, landing and verification, MB/s per step, on a
# weekly-style USPTO file (default 1 GB; SIZE=… to change). Release build.
# Usage: deploy/bench/fetch.sh [WORKDIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${1:-$(mktemp -d)}"
size="${SIZE:-1000000000}"
target="${CARGO_TARGET_DIR:-$repo/target}"
mkdir -p "$work"
file="$work/ipg-$size.xml"
[ -f "$file" ] || python3 "$here/make_weekly.py" "$repo/connectors/tests/fixtures/real" "$file" "$size" >&2
(cd "$repo" && cargo build --release --quiet -p ipdc-pipeline --example fetch_bench)
"$target/release/examples/fetch_bench" "$file"
