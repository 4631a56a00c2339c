# aiops: bench/pipeline: what a Python user would write instead of `aiops run`: the same nginx
# log parsed with `re`, messages mined with Drain3, per-minute counts with pandas, a rolling
# z-score per series and the same alert rules (for 2m, keep_firing_for 5m), alerts to JSONL
# SPDX-License-Identifier: MIT
#
#   python python_pipeline.py ACCESS_LOG MASKS ALERTS_JSONL
#
# A batch job (the usual notebook-turned-cron shape): it reads the whole file, then counts, then
# scores; it keeps every line's fields in memory and persists nothing. Prints a JSON summary.
import json
import re
import sys
import time

import numpy as np
import pandas as pd
from drain3 import TemplateMiner
from drain3.masking import MaskingInstruction
from drain3.template_miner_config import TemplateMinerConfig

# nginx: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent
# "$http_referer" "$http_user_agent" $request_time'
LINE = re.compile(r'^\S+ - \S+ \[([^\]]+)\] "(\S+) ([^ "?]*)[^"]*" (\d{3}) \S+ "[^"]*" "[^"]*" (\S+)')
NUMERIC_SEGMENT = re.compile(r"(?<=/)\d+(?=/|$)")
WINDOW = "1min"
HISTORY = 1440  # the z-score's window: a day of minutes
WARMUP = 60
RULES = [  # (alert, feature, threshold): as in bench/pipeline/pipeline.yaml
    ("ErrorsAnomalous", "errors", 6.0),
    ("TemplateSurge", "template", 10.0),
]
FOR_MINUTES, KEEP_FIRING_MINUTES = 2, 5
MAX_SERIES = 500


def parse_and_mine(path, masks):
    config = TemplateMinerConfig()
    config.masking_instructions = [MaskingInstruction(m, "*") for m in masks]
    config.profiling_enabled = False
    miner = TemplateMiner(config=config)
    times, errors, templates, bad = [], [], [], 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = LINE.match(line)
            if not m:
                bad += 1
                continue
            status = int(m.group(4))
            message = f"{status} {m.group(2)} {NUMERIC_SEGMENT.sub('<*>', m.group(3))}"
            times.append(m.group(1))
            errors.append(status >= 500)
            templates.append(miner.add_log_message(message)["cluster_id"])
    frame = pd.DataFrame({"time": pd.to_datetime(times, format="%d/%b/%Y:%H:%M:%S %z"), "error": errors, "template": templates})
    return frame, bad


def features(frame):
    """Per-minute series: errors, and the count of each template from its first minute on."""
    minute = frame["time"].dt.floor(WINDOW)
    index = pd.date_range(minute.min(), minute.max(), freq=WINDOW)
    series = {("errors", ""): frame.groupby(minute)["error"].sum().reindex(index, fill_value=0)}
    counts = frame.groupby([minute, "template"]).size().unstack(fill_value=0).reindex(index, fill_value=0)
    for t in counts.columns:
        if len(series) >= MAX_SERIES:
            break
        first = counts.index[counts[t].to_numpy().nonzero()[0][0]]
        series[("template", str(t))] = counts[t][counts.index >= first]
    return series


def zscores(values):
    """The z-score of each point against the HISTORY points before it; 0 during warm-up."""
    past = values.shift(1).rolling(HISTORY, min_periods=2)
    z = ((values - past.mean()) / past.std()).replace([np.inf, -np.inf], np.nan).fillna(0.0)
    z.iloc[:WARMUP] = 0.0
    return z


def alerts(series):
    """Evaluates each rule at every minute's end: pending, firing after FOR, resolved after KEEP."""
    out = []
    for name, feature, threshold in RULES:
        for (f, template), values in series.items():
            if f != feature:
                continue
            z = zscores(values.astype(float))
            breach = (z > threshold).to_numpy()
            if not breach.any():
                continue
            ends = z.index + pd.Timedelta(WINDOW)
            active_at = fired_at = last_true = None
            for i, b in enumerate(breach):
                now = ends[i]
                if b:
                    if active_at is None:
                        active_at = now
                    last_true = now
                    if fired_at is None and now - active_at >= pd.Timedelta(minutes=FOR_MINUTES):
                        fired_at = now
                        out.append({"alertname": name, "template": template, "status": "firing", "startsAt": str(now)})
                elif fired_at is not None and now - last_true >= pd.Timedelta(minutes=KEEP_FIRING_MINUTES):
                    out.append({"alertname": name, "template": template, "status": "resolved", "startsAt": str(fired_at), "endsAt": str(now)})
                    active_at = fired_at = None
                elif fired_at is None:
                    active_at = None
    return out


def main():
    path, masks_path, alerts_path = sys.argv[1:4]
    with open(masks_path, encoding="utf-8") as f:
        masks = [line for line in f.read().split("\n") if line]
    start = time.perf_counter()
    frame, bad = parse_and_mine(path, masks)
    mined = time.perf_counter()
    series = features(frame)
    found = alerts(series)
    with open(alerts_path, "w", encoding="utf-8") as f:
        for a in found:
            f.write(json.dumps(a) + "\n")
    end = time.perf_counter()
    lines = len(frame) + bad
    print(json.dumps({"lines": lines, "bad": bad, "seconds": end - start, "parse_mine_seconds": mined - start,
                      "lines_per_s": lines / (end - start), "series": len(series),
                      "fired": sum(a["status"] == "firing" for a in found),
                      "resolved": sum(a["status"] == "resolved" for a in found)}))


if __name__ == "__main__":
    main()
