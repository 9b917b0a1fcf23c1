"""Interop check: an engine that is not ours (the `deltalake` Python package, delta-rs via
PyArrow) reads the Delta tables ipdc wrote and must see the same row counts ipdc reports.

Usage: check_tables.py <data-root> <ipdc-binary>
"""
import json
import subprocess
import sys

from deltalake import DeltaTable

root, ipdc = sys.argv[1], sys.argv[2]
tables = {
    "patent_publication": "patent_publication",
    "patent_fulltext": "patent_fulltext",
    "patent_legal_event": "patent_legal_event",
    "ic_layout_design": "ic_layout_design",
    "trademark": "trademark",
    "geographical_indication": "geographical_indication",
    "design_registration": "design_registration",
    "country_code": "country_code",
    "nice_class": "nice_class",
    "ipc_symbol": "ipc_symbol",
    "cpc_symbol": "cpc_symbol",
    "_quarantine": "quarantine",
}
failures = 0
checked = 0
for folder, sql_name in tables.items():
    table = DeltaTable(f"{root}/lake/{folder}")
    theirs = table.to_pyarrow_table().num_rows
    out = subprocess.run([ipdc, "--root", root, "query", f"SELECT count(*) AS n FROM {sql_name}", "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    ours = json.loads(out.strip().splitlines()[0])["n"]
    ok = theirs == ours and ours > 0
    checked += 1
    failures += 0 if ok else 1
    print(f"{'ok  ' if ok else 'FAIL'} {folder}: delta-rs/pyarrow {theirs} rows, ipdc {ours} rows, version {table.version()}, partitions {table.metadata().partition_columns}")
    if folder == "patent_publication":
        cn = table.to_pyarrow_table(partitions=[("office", "=", "CN")]).num_rows
        print(f"     partition filter office=CN: {cn} rows")
        failures += 0 if cn > 0 else 1
print(f"interop: {checked - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
