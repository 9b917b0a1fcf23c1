"""The baseline a careful Python user would write: split the weekly file per document, parse
each with lxml, extract the same bibliographic fields plus claims and description text, and
write zstd Parquet with pyarrow in bounded batches.

Usage: baseline.py FILE OUT_DIR
"""
import pathlib
import re
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq
from lxml import etree

path, out_dir = sys.argv[1], pathlib.Path(sys.argv[2])
out_dir.mkdir(parents=True, exist_ok=True)
parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=True)


def text(node, xp):
    found = node.find(xp)
    return " ".join("".join(found.itertext()).split()) if found is not None else None


def record(root):
    bib = root.find("us-bibliographic-data-grant")
    pub = bib.find("publication-reference/document-id")
    app = bib.find("application-reference/document-id")
    parties = bib.find("us-parties") if bib.find("us-parties") is not None else bib.find("parties")
    names = []
    if parties is not None:
        for a in parties.iter("applicant", "us-applicant", "inventor"):
            book = a.find("addressbook")
            if book is not None:
                names.append(" ".join(filter(None, [book.findtext("last-name"), book.findtext("first-name"), book.findtext("orgname")])))
    ipc = ["%s%s%s %s/%s" % tuple(c.findtext(t) for t in ("section", "class", "subclass", "main-group", "subgroup"))
           for c in bib.iter("classification-ipcr")]
    claims = [" ".join("".join(c.itertext()).split()) for c in root.iter("claim")]
    desc = root.find("description")
    description = "\n".join(" ".join("".join(p.itertext()).split()) for p in desc.iter("p", "heading")) if desc is not None else None
    return {
        "doc_number": pub.findtext("doc-number"), "kind": pub.findtext("kind"), "pub_date": pub.findtext("date"),
        "appl_number": app.findtext("doc-number") if app is not None else None,
        "filing_date": app.findtext("date") if app is not None else None,
        "title": text(bib, "invention-title"), "abstract": text(root, "abstract"),
        "parties": names, "ipc": ipc, "claims": claims, "description": description,
    }


def documents(f):
    buf = b""
    while True:
        chunk = f.read(1 << 20)
        if not chunk:
            break
        buf += chunk
        parts = re.split(rb"(?=<\?xml\s)", buf)
        buf = parts.pop()
        yield from (p for p in parts if p.strip())
    if buf.strip():
        yield buf


started = time.time()
rows, batch_no, docs, bad = [], 0, 0, 0
writer = None
with open(path, "rb") as f:
    for doc in documents(f):
        docs += 1
        try:
            root = etree.fromstring(doc, parser)
        except etree.XMLSyntaxError:
            bad += 1
            continue
        if root.tag != "us-patent-grant":
            continue
        rows.append(record(root))
        if len(rows) >= 2000:
            table = pa.Table.from_pylist(rows)
            writer = writer or pq.ParquetWriter(out_dir / "part.parquet", table.schema, compression="zstd")
            writer.write_table(table)
            rows = []
if rows:
    table = pa.Table.from_pylist(rows)
    writer = writer or pq.ParquetWriter(out_dir / "part.parquet", table.schema, compression="zstd")
    writer.write_table(table)
if writer:
    writer.close()
secs = time.time() - started
size = pathlib.Path(path).stat().st_size
print(f"baseline docs={docs} bad={bad} seconds={secs:.2f} mb_per_s={size / 1e6 / secs:.1f}")
