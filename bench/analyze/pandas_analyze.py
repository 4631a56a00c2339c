#!/usr/bin/env python3
# aiops: the pandas side of bench/analyze: status counts, requests per minute and top 10 paths of
# an nginx combined log, read with a regular expression
# SPDX-License-Identifier: MIT
"""pandas_analyze.py FILE: prints, as JSON, what `aiops analyze` reports for the same numbers."""
import json
import sys

import pandas as pd

# The combined format. A request line that is not "METHOD PATH PROTOCOL" (a TLS handshake sent to
# port 80) still matches, without a path, as `aiops analyze` keeps such lines too.
COMBINED = (r'^(?P<ip>\S+) \S+ (?P<user>\S+) \[(?P<time>[^\]]+)\] '
            r'"(?:(?P<method>[A-Z]+) (?P<path>[^ ?"]+)(?:\?[^ "]*)?(?: HTTP/[0-9.]+)?|[^"]*)" '
            r'(?P<status>\d{3}) (?P<bytes>\d+|-) "(?P<referer>[^"]*)" "(?P<ua>[^"]*)"$')


def main(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = pd.Series(f.read().splitlines())
    df = lines.str.extract(COMBINED)
    bad = int(df["status"].isna().sum())
    df = df.dropna(subset=["status"])
    df["status"] = df["status"].astype(int)
    df["time"] = pd.to_datetime(df["time"], format="%d/%b/%Y:%H:%M:%S %z")

    status = df["status"].value_counts()
    per_minute = df.set_index("time").resample("1min").size()
    top_paths = df["path"].value_counts().head(10)

    json.dump({
        "lines": len(lines),
        "records": len(df),
        "bad": bad,
        "status": {str(k): int(v) for k, v in status.items()},
        "minutes": len(per_minute),
        "peak": {"time": per_minute.idxmax().strftime("%Y-%m-%dT%H:%M:%SZ"), "count": int(per_minute.max())},
        "per_minute": [int(n) for n in per_minute],
        "top_paths": [[p, int(n)] for p, n in top_paths.items()],
    }, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main(sys.argv[1])
