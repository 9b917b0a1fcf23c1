"""The baseline a careful Python user would write: split the weekly file per document, parse
each with lxml, extract the bibliographic fields ipdc's `patent_publication` carries for a Red
Book grant (every party list with addresses, IPC and CPC with their attributes, national and
Locarno classes, priorities, PCT data, related documents, citations, claim count) plus claims
and description text, and write two zstd Parquet files with pyarrow in bounded batches: one of
bibliographic rows, one of full-text rows, as ipdc writes `patent_publication` and
`patent_fulltext`.

What it leaves out, and ipdc does: landing a copy of the file with its SHA-256, normalising
numbers, kinds and dates, checking each row against a published schema, the quarantine, the
ledger and the Delta commit.

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
BATCH = 1000

S = pa.string()
PARTY = pa.struct([("seq", pa.int32()), ("name", S), ("party_type", S), ("country", S), ("state", S), ("city", S),
                   ("address", S), ("postcode", S), ("role", S)])
CLASSIFICATION = pa.struct([("seq", pa.int32()), ("raw", S), ("version", S), ("level", S), ("position", S),
                            ("value", S), ("source", S), ("office", S)])
DOC = [("office", S), ("number", S), ("kind", S), ("date", S), ("name", S)]
PUBLICATION = pa.schema([
    ("office", S), ("doc_id", S), ("pub_number", S), ("kind", S), ("pub_date", S), ("pub_year", pa.int32()),
    ("appl_number", S), ("appl_type", S), ("filing_date", S), ("title", S), ("abstract", S),
    ("applicants", pa.list_(PARTY)), ("inventors", pa.list_(PARTY)), ("assignees", pa.list_(PARTY)),
    ("agents", pa.list_(PARTY)), ("examiners", pa.list_(PARTY)),
    ("ipc", pa.list_(CLASSIFICATION)), ("cpc", pa.list_(CLASSIFICATION)),
    ("national_class", pa.list_(S)), ("locarno", pa.list_(S)),
    ("priorities", pa.list_(pa.struct([("seq", pa.int32())] + DOC))),
    ("pct_appl_number", S), ("pct_filing_date", S), ("pct_pub_number", S), ("pct_pub_date", S),
    ("related", pa.list_(pa.struct([("relation", S), ("role", S)] + DOC))),
    ("citations", pa.list_(pa.struct([("seq", pa.int32()), ("category", S), ("npl_text", S)] + DOC))),
    ("claims_count", pa.int32()),
])
FULLTEXT = pa.schema([
    ("office", S), ("doc_id", S), ("pub_year", pa.int32()), ("lang", S),
    ("claims", pa.list_(pa.struct([("num", pa.int32()), ("text", S)]))), ("description", S),
])


def squash(node):
    return " ".join("".join(node.itertext()).split()) if node is not None else None


def document_id(n):
    if n is None:
        return {}
    return {k: n.findtext(t) for k, t in (("office", "country"), ("number", "doc-number"), ("kind", "kind"),
                                           ("date", "date"), ("name", "name"))}


def classification(n, seq):
    parts = [n.findtext(t) for t in ("section", "class", "subclass", "main-group", "subgroup")]
    raw = "%s%s%s %s/%s" % tuple(parts) if all(parts) else (n.findtext("text") or "")
    return {"seq": seq, "raw": raw,
            "version": n.findtext("ipc-version-indicator/date") or n.findtext("cpc-version-indicator/date"),
            "level": n.findtext("classification-level"), "position": n.findtext("symbol-position"),
            "value": n.findtext("classification-value"), "source": n.findtext("classification-data-source"),
            "office": n.findtext("generating-office/country")}


def ipc7(bib):
    """IPC 7 symbols of v4.0-v4.1 grants, as written."""
    old = bib.find("classification-ipc")
    if old is None:
        return []
    texts = [c.text for c in old if c.tag in ("main-classification", "further-classification") and c.text]
    return [{"seq": i, "raw": t, "level": "edition %s" % old.findtext("edition")} for i, t in enumerate(texts)]


def party(n, seq):
    book = n.find("addressbook")
    book = n if book is None else book
    last, first, org = book.findtext("last-name"), book.findtext("first-name"), book.findtext("orgname")
    person = f"{last}, {first}" if last and first else (last or first)
    address = book.find("address")
    at = (lambda t: address.findtext(t)) if address is not None else (lambda t: None)
    return {"seq": int(n.get("sequence", seq)), "name": person or org or book.findtext("name") or "",
            "party_type": "person" if person else ("organization" if org else None),
            "country": at("country") or n.findtext("residence/country"), "state": at("state"), "city": at("city"),
            "address": at("text") or at("address-1"), "postcode": at("postcode"),
            "role": n.get("applicant-authority-category") or n.get("app-type") or book.findtext("role")}


def parties(container):
    return [party(n, i) for i, n in enumerate(container)] if container is not None else []


def citation(n, seq):
    category = n.findtext("category")
    row = {"seq": seq, "category": category}
    patent = n.find("patcit/document-id")
    if patent is not None:
        row.update(document_id(patent))
    else:
        row["npl_text"] = squash(n.find("nplcit"))
    return row


def related(container):
    out = []
    for relation in container:
        for d in relation.iter("document-id"):
            parent = d.getparent().tag
            out.append({"relation": relation.tag, "role": {"parent-doc": "parent", "child-doc": "child"}.get(parent),
                        **document_id(d)})
    return out


def record(root):
    bib = root.find("us-bibliographic-data-grant")
    pub = document_id(bib.find("publication-reference/document-id"))
    app_ref = bib.find("application-reference")
    app = document_id(app_ref.find("document-id")) if app_ref is not None else {}
    us_parties = bib.find("us-parties")
    us_parties = bib.find("parties") if us_parties is None else us_parties
    find_parties = (lambda p: us_parties.find(p)) if us_parties is not None else (lambda p: None)
    applicants = find_parties("us-applicants")
    cpc = bib.find("classifications-cpc")
    national = bib.find("classification-national")
    locarno = bib.find("classification-locarno")
    priorities = bib.find("priority-claims")
    refs = bib.find("us-references-cited")
    refs = bib.find("references-cited") if refs is None else refs
    rel = bib.find("us-related-documents")
    pct_filing = document_id(bib.find("pct-or-regional-filing-data/document-id"))
    pct_pub = document_id(bib.find("pct-or-regional-publishing-data/document-id"))
    claims = [{"num": i + 1, "text": squash(c)} for i, c in enumerate(root.iter("claim"))]
    desc = root.find("description")
    date = pub.get("date") or root.get("date-publ")
    office = pub.get("office") or "US"
    doc_id = f"{office}{pub.get('number')}{pub.get('kind') or ''}"
    pub_year = int(date[:4]) if date and date[:4].isdigit() else 0
    biblio = {
        "office": office, "doc_id": doc_id, "pub_number": pub.get("number"), "kind": pub.get("kind"),
        "pub_date": date, "pub_year": pub_year, "appl_number": app.get("number"),
        "appl_type": app_ref.get("appl-type") if app_ref is not None else None, "filing_date": app.get("date"),
        "title": squash(bib.find("invention-title")), "abstract": squash(root.find("abstract")),
        "applicants": parties(applicants if applicants is not None else find_parties("applicants")),
        "inventors": parties(find_parties("inventors")), "assignees": parties(bib.find("assignees")),
        "agents": parties(find_parties("agents")), "examiners": parties(bib.find("examiners")),
        "ipc": [classification(c, i) for i, c in enumerate(bib.iter("classification-ipcr"))] or ipc7(bib),
        "cpc": [classification(c, i) for i, c in enumerate(cpc.iter("classification-cpc"))] if cpc is not None else [],
        "national_class": [c.text for c in national if c.tag in ("main-classification", "further-classification")]
        if national is not None else [],
        "locarno": [c.text for c in locarno if c.tag in ("main-classification", "further-classification")]
        if locarno is not None else [],
        "priorities": [{"seq": i, **document_id(p), "kind": p.get("kind")} for i, p in enumerate(priorities)]
        if priorities is not None else [],
        "pct_appl_number": pct_filing.get("number"), "pct_filing_date": pct_filing.get("date"),
        "pct_pub_number": pct_pub.get("number"), "pct_pub_date": pct_pub.get("date"),
        "related": related(rel) if rel is not None else [],
        "citations": [citation(c, i) for i, c in enumerate(refs)] if refs is not None else [],
        "claims_count": int(bib.findtext("number-of-claims") or len(claims)),
    }
    description = "\n".join(squash(p) for p in desc.iter("p", "heading")) if desc is not None else None
    fulltext = {"office": office, "doc_id": doc_id, "pub_year": pub_year, "lang": "en", "claims": claims,
                "description": description}
    return biblio, fulltext


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


class Table:
    """Rows of one output file, written in batches of BATCH rows."""

    def __init__(self, name, schema):
        self.rows = []
        self.writer = pq.ParquetWriter(out_dir / f"{name}.parquet", schema, compression="zstd")

    def add(self, row):
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.writer.schema))
        self.rows = []

    def close(self):
        self.flush()
        self.writer.close()


started = time.time()
docs, bad = 0, 0
publication, fulltext = Table("publication", PUBLICATION), Table("fulltext", FULLTEXT)
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
        biblio, text = record(root)
        publication.add(biblio)
        fulltext.add(text)
publication.close()
fulltext.close()
secs = time.time() - started
size = pathlib.Path(path).stat().st_size
print(f"baseline docs={docs} bad={bad} seconds={secs:.2f} mb_per_s={size / 1e6 / secs:.1f}")
