#!/usr/bin/env python3
# aiops: bench/anomaly: writes a long per-minute CPU-like series as `timestamp,value` CSV for timing
# `aiops detect` (daily and weekly seasonality, growth, noise, planted spikes and level shifts)
# SPDX-License-Identifier: MIT
"""make_series.py OUT.csv POINTS"""
import sys

import numpy as np
import pandas as pd


def main(out, points):
    rng = np.random.RandomState(20260105)
    index = pd.date_range("2024-01-01", periods=points, freq="1min")
    days = np.arange(points) / 1440
    load = 0.55 + 0.3 * np.sin(2 * np.pi * (days - 0.375)) + 0.1 * np.sin(4 * np.pi * days)
    load *= np.where(index.dayofweek >= 5, 0.7, 1.0) * (1 + 0.02 * days / 7)
    value = 10 + 50 * load + rng.normal(scale=2, size=points)
    for start in rng.randint(0, points - 720, size=points // 20_000):  # one anomaly per ~2 weeks
        if rng.uniform() < 0.5:
            value[start:start + rng.randint(1, 6)] += 40  # a spike of a few minutes
        else:
            value[start:start + rng.randint(240, 720)] += 15  # a level shift of 4-12 hours
    pd.DataFrame({"timestamp": index.strftime("%Y-%m-%dT%H:%M:%SZ"), "value": value.round(2)}).to_csv(out, index=False)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
