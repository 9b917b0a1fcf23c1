"""S3 check: delta-rs (the `deltalake` Python package) reads the tables ipdc wrote to S3 and must
see the row counts ipdc reports; the crashed-then-resumed root must hold exactly the same rows as
the clean one (no duplicates, nothing lost).

Usage: check_s3.py <ipdc-binary> <state-dir of s3://ipdc/clean> <state-dir of s3://ipdc/crashed>
"""
import json
import os
import subprocess
import sys

from deltalake import DeltaTable

ipdc, clean_state, crashed_state = sys.argv[1:4]
options = {
    "AWS_ENDPOINT_URL": os.environ["AWS_ENDPOINT"],
    "AWS_ALLOW_HTTP": "true",
    "AWS_REGION": os.environ["AWS_REGION"],
    "AWS_ACCESS_KEY_ID": os.environ["AWS_ACCESS_KEY_ID"],
    "AWS_SECRET_ACCESS_KEY": os.environ["AWS_SECRET_ACCESS_KEY"],
}
tables = {"patent_publication": "patent_publication", "patent_fulltext": "patent_fulltext", "_quarantine": "quarantine"}


def ipdc_rows(root, state, sql):
    out = subprocess.run([ipdc, "--root", root, "--state-dir", state, "query", sql, "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


failures = 0
for folder, sql_name in tables.items():
    table = DeltaTable(f"s3://ipdc/clean/lake/{folder}", storage_options=options)
    theirs = table.to_pyarrow_table().num_rows
    ours = ipdc_rows("s3://ipdc/clean", clean_state, f"SELECT count(*) AS n FROM {sql_name}")[0]["n"]
    ok = theirs == ours and ours > 0
    failures += 0 if ok else 1
    print(f"{'ok  ' if ok else 'FAIL'} s3 {folder}: delta-rs {theirs} rows, ipdc {ours} rows, version {table.version()}")

key = "SELECT doc_id, count(*) AS n FROM patent_publication GROUP BY doc_id ORDER BY doc_id"
clean = ipdc_rows("s3://ipdc/clean", clean_state, key)
crashed = ipdc_rows("s3://ipdc/crashed", crashed_state, key)
ok = clean == crashed and all(r["n"] == 1 for r in crashed) and len(clean) > 0
failures += 0 if ok else 1
print(f"{'ok  ' if ok else 'FAIL'} crash + re-run on S3: {len(crashed)} documents, each once, same as the clean run ({len(clean)})")
for folder in ("patent_fulltext", "_quarantine"):
    sql_name = tables[folder]
    a = ipdc_rows("s3://ipdc/clean", clean_state, f"SELECT count(*) AS n FROM {sql_name}")[0]["n"]
    b = ipdc_rows("s3://ipdc/crashed", crashed_state, f"SELECT count(*) AS n FROM {sql_name}")[0]["n"]
    failures += 0 if a == b else 1
    print(f"{'ok  ' if a == b else 'FAIL'} crash + re-run on S3: {folder} {b} rows (clean {a})")
print(f"s3: {'all passed' if not failures else f'{failures} failed'}")
sys.exit(1 if failures else 0)
