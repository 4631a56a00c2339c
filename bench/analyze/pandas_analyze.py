#!/usr/bin/env python3
# aiops: the pandas side of bench/analyze: status counts, requests per minute and top 10 paths of
# an nginx combined log, read with a regular expression
# SPDX-License-Identifier: MIT
"""pandas_analyze.py FILE: prints the same numbers `aiops analyze` reports, the pandas way."""
import sys

import pandas as pd

COMBINED = (r'^(?P<ip>\S+) \S+ (?P<user>\S+) \[(?P<time>[^\]]+)\] "(?P<method>[A-Z]+) (?P<path>[^ ?"]+)(?:\?[^ "]*)? [^"]*" '
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

    print("lines", len(lines), "parsed", len(df), "not matched", bad)
    print("status\n" + status.to_string())
    print("requests per minute: peak", int(per_minute.max()), "at", per_minute.idxmax(), "over", len(per_minute), "minutes")
    print("top paths\n" + top_paths.to_string())


if __name__ == "__main__":
    main(sys.argv[1])
