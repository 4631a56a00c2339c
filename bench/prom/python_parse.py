# aiops: bench/prom: the Python prometheus_client parser on the same page, for comparison (MB/s).
import sys
import time

from prometheus_client.parser import text_string_to_metric_families

page = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
samples = 0
for family in text_string_to_metric_families(page):
    samples += len(family.samples)
seconds = time.perf_counter() - start
mb = len(page.encode()) / 1e6
print(f"prometheus_client {__import__('prometheus_client').__version__ if hasattr(__import__('prometheus_client'), '__version__') else ''}"
      f" text_string_to_metric_families: {mb:.1f} MB in {seconds:.2f} s = {mb / seconds:.1f} MB/s, {samples} samples")
