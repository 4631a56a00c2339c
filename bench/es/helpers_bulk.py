#!/usr/bin/env python3
# aiops: the comparison for bench/es: ship an nginx combined log with the official Python client's
# helpers.bulk (PyPI opensearch-py), the same ECS documents and batch size as `aiops ship`
# SPDX-License-Identifier: MIT
"""Parses every line of an nginx `combined` log into the ECS document `aiops ship` writes, and
indexes them with opensearchpy.helpers.bulk (one request in flight, chunk_size documents each).
The index is created with the settings and mappings of the index `aiops ship` made (--like).

    helpers_bulk.py --url http://127.0.0.1:19200 --index bench-python --like bench-aiops \
        --chunk 1000 /tmp/aiops-bench-es/access-1m.log
"""
import argparse
import hashlib
import json
import re
import sys
import time
from datetime import datetime

from opensearchpy import OpenSearch, helpers

COMBINED = re.compile(
    r'^(?P<ip>\S+) - (?P<user>\S+) \[(?P<time>[^\]]+)\] "(?P<request>(?:[^"\\]|\\.)*)" (?P<status>\d{3}) '
    r'(?P<bytes>\d+|-) "(?P<referer>(?:[^"\\]|\\.)*)" "(?P<agent>(?:[^"\\]|\\.)*)"$')
REQUEST = re.compile(r'^(?P<method>[A-Z_-]+) (?P<target>\S+)(?: HTTP/(?P<version>\S+))?$')


def document(line, path, offset):
    doc = {"message": line, "log": {"file": {"path": path}, "offset": offset}}
    m = COMBINED.match(line)
    if not m:
        doc["tags"] = ["_parse_failure"]
        return doc
    t = datetime.strptime(m["time"], "%d/%b/%Y:%H:%M:%S %z")
    doc["@timestamp"] = t.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    doc["source"] = {"ip": m["ip"]}
    if m["user"] != "-":
        doc["user"] = {"name": m["user"]}
    http = {"response": {"status_code": int(m["status"])}}
    if m["bytes"] != "-":
        http["response"]["body"] = {"bytes": int(m["bytes"])}
    r = REQUEST.match(m["request"])
    if r:
        http["request"] = {"method": r["method"]}
        if r["version"]:
            http["version"] = r["version"]
        path_part, _, query = r["target"].partition("?")
        doc["url"] = {"path": path_part}
        if query:
            doc["url"]["query"] = query
    if m["referer"] != "-":
        http.setdefault("request", {})["referrer"] = m["referer"]
    doc["http"] = http
    if m["agent"] != "-":
        doc["user_agent"] = {"original": m["agent"]}
    return doc


def actions(path, index):
    offset = 0
    with open(path, "rb") as f:
        for raw in f:
            line = raw.rstrip(b"\r\n").decode("utf-8", "replace")
            doc = document(line, path, offset)
            # A deterministic id, as aiops ship makes one.
            doc_id = hashlib.blake2b(raw, digest_size=8).hexdigest() + "-" + str(offset)
            doc["event"] = {"id": doc_id}
            offset += len(raw)
            yield {"_index": index, "_id": doc_id, "_source": doc}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:19200")
    ap.add_argument("--index", required=True)
    ap.add_argument("--like", required=True, help="copy settings and mappings from this index")
    ap.add_argument("--chunk", type=int, default=1000)
    ap.add_argument("file")
    args = ap.parse_args()

    client = OpenSearch(args.url, timeout=120)
    like = client.indices.get(index=args.like)[args.like]
    settings = {k: like["settings"]["index"][k] for k in ("number_of_shards", "number_of_replicas")}
    client.indices.delete(index=args.index, ignore_unavailable=True)
    client.indices.create(index=args.index, body={"settings": settings, "mappings": like["mappings"]})

    start = time.monotonic()
    ok, errors = helpers.bulk(client, actions(args.file, args.index), chunk_size=args.chunk,
                              max_chunk_bytes=5 * 1024 * 1024, raise_on_error=False, max_retries=8)
    elapsed = time.monotonic() - start
    client.indices.refresh(index=args.index)
    count = client.count(index=args.index)["count"]
    print(json.dumps({"client": "opensearch-py helpers.bulk", "indexed": ok, "errors": len(errors),
                      "count": count, "seconds": round(elapsed, 2), "docs_per_second": round(ok / elapsed)}))
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
