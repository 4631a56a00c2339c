#!/usr/bin/env python3
# aiops: bench/pipeline's input: copies of datasets/nginx/access.log (one week), the k-th shifted
# k seconds later, merged in time order: the same week, denser; the same N gives the same bytes
# SPDX-License-Identifier: MIT
"""Writes the first N lines (by time) of K copies of the bundled week of nginx log merged.

    make_log.py datasets/nginx/access.log 1000000 /tmp/access-1m.log

K = ceil(N / lines of the week): 1,000,000 lines are 8 copies, about 110 lines a minute.
"""
import datetime
import heapq
import math
import re
import sys

STAMP = re.compile(r"\[(\d\d/\w\w\w/\d{4}:\d\d:\d\d:\d\d) ")
FORMAT = "%d/%b/%Y:%H:%M:%S"


def copy(week, k):
    """The k-th copy: (time, k, line) with every time stamp k seconds later."""
    for line in week:
        m = STAMP.search(line)
        if not m:
            continue
        t = datetime.datetime.strptime(m.group(1), FORMAT) + datetime.timedelta(seconds=k)
        yield t, k, line[: m.start(1)] + t.strftime(FORMAT) + line[m.end(1):]


def main():
    source, count, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(source, encoding="utf-8", errors="surrogateescape") as f:
        week = f.readlines()
    copies = math.ceil(count / len(week))
    with open(out_path, "w", encoding="utf-8", errors="surrogateescape") as out:
        for n, (_, _, line) in enumerate(heapq.merge(*(copy(week, k) for k in range(copies)))):
            if n == count:
                break
            out.write(line)


if __name__ == "__main__":
    main()
