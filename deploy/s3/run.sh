#!/usr/bin/env bash
# S3 test: ipdc with its data root on S3-compatible storage (moto_server from PyPI, on
# 127.0.0.1). Ingests the bundled samples into s3://…, checks a re-run commits nothing, crashes
# a second ingest between two Delta commits and checks the re-run converges to the same rows,
# then reads the tables from S3 with delta-rs (Python) and compares row counts with ipdc's.
# Last, a source whose origin is an s3:// prefix is fetched three times as files complete.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${IPDC_VENV:-$HOME/.cache/ipdc-venv}"
target="${CARGO_TARGET_DIR:-$repo/target}"
if ! "$venv/bin/python" -c 'import deltalake, moto' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'deltalake==1.1.*' pyarrow 'moto[server]'
fi
cargo build --quiet -p ipdc-pipeline --bin ipdc
ipdc="$target/debug/ipdc"
samples="$repo/connectors/tests/fixtures/real"

work="$(mktemp -d)"
port="$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$venv/bin/moto_server" -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" > /dev/null && break; sleep 0.2; done
curl -sf -X PUT "http://127.0.0.1:$port/ipdc" > /dev/null

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
export AWS_ENDPOINT="http://127.0.0.1:$port" AWS_ALLOW_HTTP=true
export IPDC_STATE_DIR="$work/state"

# 1. Ingest everything (one real USPTO document is not well-formed: exit 2, partial success).
code=0; "$ipdc" --root s3://ipdc/clean ingest --path "$samples" > "$work/first.txt" 2>&1 || code=$?
[ "$code" = 2 ] || { cat "$work/first.txt"; echo "FAIL first ingest exit $code (want 2)"; exit 1; }
# 2. The same files again: nothing new is committed.
"$ipdc" --root s3://ipdc/clean ingest --path "$samples" > "$work/again.txt" 2>&1 || true
grep -q "records written *0$" "$work/again.txt" || { cat "$work/again.txt"; echo "FAIL re-run wrote records"; exit 1; }
echo "ok   re-run on S3 committed nothing"
# 3. Crash between the two Delta commits of the 5th artifact, then run again.
export IPDC_STATE_DIR="$work/state-crash"
IPDC_CRASH_AT=between_commits:5 "$ipdc" --root s3://ipdc/crashed ingest --path "$samples" > /dev/null 2>&1 && {
  echo "FAIL the crash point was not reached"; exit 1; }
"$ipdc" --root s3://ipdc/crashed ingest --path "$samples" > /dev/null 2> "$work/resume.log" || true

"$venv/bin/python" "$here/check_s3.py" "$ipdc" "$work/state" "$work/state-crash"

# 4. An s3:// origin: files published under a bucket prefix are fetched once each, and only when
#    complete (the `.done` marker exists; `*.part` is never taken).
put() {
  "$venv/bin/python" -c 'import boto3, os, sys
boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT"]).upload_file(sys.argv[2], "ipdc", "outbox/" + sys.argv[1])' "$1" "$2"
}
printf '' > "$work/empty"
put US08926509.xml "$samples/uspto-grant-v45/US08926509.xml"
put US08926509.xml.done "$work/empty"
put US08930553.xml "$samples/uspto-grant-v45/US08930553.xml"
put US09358892.xml.part "$samples/uspto-grant-v45/US09358892-20160607_v4-5-B1.xml"
cat > "$work/feeds.toml" <<EOF
root = "$work/feed-root"
[sources.outbox]
connector = "uspto_patents"
from = "s3://ipdc/outbox/"
complete_marker = ".done"
EOF
export IPDC_STATE_DIR="$work/state-feed"
fetch() { "$ipdc" --config "$work/feeds.toml" fetch outbox > "$work/fetch.txt" 2>&1 || { cat "$work/fetch.txt"; echo "FAIL fetch"; exit 1; }; }
expect() { grep -q "$1" "$work/fetch.txt" || { cat "$work/fetch.txt"; echo "FAIL $2"; exit 1; }; }
fetch; expect "listed 1 file(s), 1 new" "only the complete file is taken"
put US08930553.xml.done "$work/empty"
fetch; expect "listed 2 file(s), 1 new" "the newly completed file is taken, the first is not again"
fetch; expect "listed 2 file(s), 0 new" "nothing new on the third fetch"
rows="$("$ipdc" --config "$work/feeds.toml" query "select doc_id from patent_publication order by doc_id" --format csv | tr -s '\n' ' ')"
[ "$rows" = "doc_id US8926509B2 US8930553B2 " ] || { echo "FAIL s3 origin rows: $rows"; exit 1; }
echo "ok   s3:// origin: complete files fetched once each, temporary and unmarked ones left ($rows)"
