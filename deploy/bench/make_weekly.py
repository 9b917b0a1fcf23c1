"""Builds a weekly-style USPTO grant file of at least TARGET bytes by concatenating the real
us-patent-grant documents bundled with ipdc, renumbering each copy's publication number (and
its file= attribute) so that every document is distinct, and giving every copy the week's one
publication date, as a real weekly file has.

Usage: make_weekly.py SAMPLES_DIR OUT TARGET_BYTES
"""
import gzip
import pathlib
import re
import sys

samples, out, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
docs = []
for path in sorted(samples.glob("uspto-grant-v4*/*")) + sorted(samples.glob("uspto-grant-weekly-concat/*")):
    data = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
    for doc in re.split(rb"(?=<\?xml\s)", data):
        if b"<us-patent-grant" in doc and doc.strip():
            docs.append(doc.strip() + b"\n")
# The one not-well-formed sample stays in: ipdc quarantines it, the baseline must survive it.
pub = re.compile(rb"(<publication-reference>\s*<document-id>\s*<country>US</country>\s*<doc-number>)([^<]*)(</doc-number>)")
pub_date = re.compile(rb"(<publication-reference>.*?<date>)(\d{8})(</date>)", re.S)
WEEK = b"20240102"
written, serial = 0, 0
with open(out, "wb") as f:
    while written < target:
        for doc in docs:
            serial += 1
            number = b"%08d" % (20_000_000 + serial)
            doc2 = pub.sub(lambda m: m.group(1) + number + m.group(3), doc, count=1)
            doc2 = pub_date.sub(lambda m: m.group(1) + WEEK + m.group(3), doc2, count=1)
            doc2 = re.sub(rb'date-publ="\d{8}"', b'date-publ="' + WEEK + b'"', doc2, count=1)
            doc2 = re.sub(rb'file="[^"]*"', b'file="US' + number + b'.XML"', doc2, count=1)
            f.write(doc2)
            written += len(doc2)
            if written >= target:
                break
print(f"{out}: {written} bytes, {serial} documents from {len(docs)} real ones")
