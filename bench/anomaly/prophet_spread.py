#!/usr/bin/env python3
# aiops: bench/anomaly: how much Prophet's forecast, and aiops', move when the data move by a
# billionth: both fit each series compare.py wrote, as given and with each value times
# (1 + 1e-9 N(0, 1)), and the forecast MAEs are printed side by side
# SPDX-License-Identifier: MIT
"""prophet_spread.py DATA_DIR BENCH_BINARY RUNS NAME...   (after bench/anomaly/run.sh parity; run with
build/tsbench-venv/bin/python; BENCH_BINARY is build/tsbench/bench-anomaly)

Both fit with an L-BFGS that stops in a flat valley of the posterior, where rounding decides the
stopping point; the spread of each side's MAEs is what "the same answer" can mean there."""
import logging
import os
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd
from prophet import Prophet


def prophet_mae(train, test):
    model = Prophet(uncertainty_samples=0).fit(pd.DataFrame({"ds": pd.to_datetime(train[:, 0], unit="s"), "y": train[:, 1]}))
    forecast = model.predict(pd.DataFrame({"ds": pd.to_datetime(test[:, 0], unit="s")}))["yhat"].to_numpy()
    return np.abs(forecast - test[:, 1]).mean()


def aiops_mae(binary, train, test):
    with tempfile.TemporaryDirectory() as work:
        train.tofile(f"{work}/s.train.f64")
        test.tofile(f"{work}/s.test.f64")
        with open(f"{work}/manifest.txt", "w", encoding="ascii") as f:
            f.write("ts s 1440\n")
        subprocess.run([binary, work, "1", "1"], check=True, capture_output=True)
        return np.abs(np.fromfile(f"{work}/s.aiops-prophet.f64") - test[:, 1]).mean()


def main(directory, binary, runs, names):
    for name in names:
        train = np.fromfile(f"{directory}/{name}.train.f64").reshape(-1, 2)
        test = np.fromfile(f"{directory}/{name}.test.f64").reshape(-1, 2)
        theirs, ours = [], []
        for seed in range(runs):
            data = train.copy()
            if seed:
                data[:, 1] *= 1 + 1e-9 * np.random.default_rng(seed).standard_normal(len(data))
            theirs.append(prophet_mae(data, test))
            ours.append(aiops_mae(binary, data, test))
        reference = theirs[0]
        print(f"| {name} | {reference:.3f} | " +
              " | ".join(f"{min(x):.3f} to {max(x):.3f} ({100 * (min(x) / reference - 1):+.1f}% to {100 * (max(x) / reference - 1):+.1f}%)"
                         for x in (theirs, ours)) + " |", flush=True)


if __name__ == "__main__":
    logging.getLogger("cmdstanpy").setLevel(logging.WARNING)
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    print("| series | Prophet MAE, data as given | Prophet MAE over the runs | aiops MAE over the runs |")
    print("|---|---|---|---|")
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:])
