#!/usr/bin/env python3
# aiops: bench/anomaly: writes the data, runs scikit-learn's IsolationForest, statsmodels'
# ExponentialSmoothing, Prophet and the aiops binary on it in one run, checks that the results
# agree within tolerance and prints Markdown tables of times and results
# SPDX-License-Identifier: MIT
"""compare.py ROOT DATA_DIR BENCH_BINARY REPEATS: exits 1 when a result is out of tolerance."""
import json
import logging
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import prophet
import sklearn
import statsmodels
from prophet import Prophet
from sklearn.ensemble import IsolationForest
from sklearn.metrics import f1_score, roc_auc_score
from statsmodels.tsa.holtwinters import ExponentialSmoothing

SEEDS = 5            # Isolation Forest: ROC-AUC averaged over seeds 0..4 on both sides
TRAIN_DAYS = 21      # Holt-Winters and Prophet: fit on three weeks of minutes, forecast the rest
PERIOD = 1440        # a day of minutes
HOSTS = ("web-01", "web-02", "db-01", "batch-01")
# What to compare (environment PARTS, e.g. PARTS=iforest): iforest, and forecast (Holt-Winters and Prophet).
PARTS = os.environ.get("PARTS", "iforest forecast").split()
PART_OF = {"iforest": "iforest", "hw": "forecast", "prophet": "forecast"}  # each table's part
METRICS = ("cpu", "memory", "disk_io", "requests")
FORECAST_SERIES = ("web-01/cpu", "web-02/requests", "db-01/disk_io", "batch-01/memory")
TOLERANCE = {"iforest": 0.01, "hw": 0.02, "prophet": 0.10}


def save(path, array):
    np.ascontiguousarray(array, dtype=np.float64).tofile(path)


def read_metric(root, name):
    """One datasets/metrics series on its minute grid (gaps are NaN)."""
    frame = pd.read_csv(f"{root}/datasets/metrics/{name}.csv")
    index = pd.to_datetime(frame["timestamp"], utc=True).dt.tz_localize(None)
    series = pd.Series(frame["value"].to_numpy(dtype=np.float64), index=index)
    return series.resample("1min").mean()


def host_matrix(root, host, labels):
    """The host's four metrics at the minutes where all four exist, and 1 where any is labelled."""
    frame = pd.concat({m: read_metric(root, f"{host}/{m}") for m in METRICS}, axis=1).dropna()
    truth = np.zeros(len(frame), dtype=np.int32)
    for row in labels[labels["series"].str.startswith(host + "/")].itertuples():
        truth[(frame.index >= row.start) & (frame.index <= row.end)] = 1
    return frame.to_numpy(), truth


def blobs(rng):
    """100k x 10: five Gaussian clusters and 1% points uniform over a box twice their spread."""
    centres = rng.uniform(-5, 5, size=(5, 10))
    normal = centres[rng.randint(0, 5, size=99_000)] + rng.normal(size=(99_000, 10))
    outliers = rng.uniform(-10, 10, size=(1_000, 10))
    order = rng.permutation(100_000)
    return np.vstack([normal, outliers])[order], np.r_[np.zeros(99_000), np.ones(1_000)][order].astype(np.int32)


def generated_series(rng):
    """28 days of minutes: level 50, +0.5 a day, a daily and a weekly shape, N(0, 2) noise."""
    index = pd.date_range("2026-01-05", periods=28 * PERIOD, freq="1min")
    t = np.arange(len(index)) / PERIOD
    daily = 15 * np.sin(2 * np.pi * (t - 0.3)) + 5 * np.sin(4 * np.pi * t)
    weekend = np.where(index.dayofweek >= 5, -8.0, 0.0)
    return pd.Series(50 + 0.5 * t + daily + weekend + rng.normal(scale=2, size=len(index)), index=index)


def generate(root, directory):
    """Writes every data set and manifest.txt; returns {name: data} for the Python side."""
    rng = np.random.RandomState(20260105)
    labels = pd.read_csv(f"{root}/datasets/metrics/labels.csv")
    for column in ("start", "end"):
        labels[column] = pd.to_datetime(labels[column], utc=True).dt.tz_localize(None)
    data, manifest = {}, []
    blob_set = blobs(rng)  # drawn whatever PARTS says, so the generated series below is always the same
    for name, (x, y) in ([("blobs", blob_set)] + [(h, host_matrix(root, h, labels)) for h in HOSTS]
                         if "iforest" in PARTS else []):
        save(f"{directory}/{name}.x.f64", x)
        data[f"iforest/{name}"] = (x, y)
        manifest.append(f"iforest {name} {x.shape[1]}")
    forecast = [(s.replace("/", "_"), read_metric(root, s).interpolate(limit_direction="both")) for s in FORECAST_SERIES]
    for name, series in forecast + [("generated", generated_series(rng))] if "forecast" in PARTS else []:
        seconds = (series.index - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1)
        table = np.c_[seconds.to_numpy(dtype=np.float64), series.to_numpy()]
        split = TRAIN_DAYS * PERIOD
        save(f"{directory}/{name}.train.f64", table[:split])
        save(f"{directory}/{name}.test.f64", table[split:])
        data[f"ts/{name}"] = (series.iloc[:split], series.iloc[split:])
        manifest.append(f"ts {name} {PERIOD}")
    with open(f"{directory}/manifest.txt", "w", encoding="ascii") as f:
        f.write("\n".join(manifest) + "\n")
    return data


def best_of(repeats, run):
    """(best wall seconds, best CPU seconds of this process and its children), and run's last value.
    Prophet's Stan optimiser runs in a child process, hence the children."""
    wall, cpu, value = float("inf"), float("inf"), None
    for _ in range(repeats):
        start, before = time.perf_counter(), os.times()
        value = run()
        after = os.times()
        cpu = min(cpu, sum(after[:4]) - sum(before[:4]))
        wall = min(wall, time.perf_counter() - start)
    return (wall, cpu), value


def isolation_forest(x, y, repeats):
    def forest(seed):
        return IsolationForest(n_estimators=100, max_samples=256, contamination=y.mean(), random_state=seed)

    def fit_score(seed=0):
        model = forest(seed).fit(x)
        return model, -model.score_samples(x)

    timing, (model, score) = best_of(repeats, fit_score)
    aucs = [roc_auc_score(y, score)] + [roc_auc_score(y, fit_score(seed)[1]) for seed in range(1, SEEDS)]
    return {"fit_score_s": timing[0], "fit_score_cpu_s": timing[1], "aucs": aucs,
            "f1": f1_score(y, model.predict(x) == -1)}


def holt_winters(train, horizon, repeats):
    # The initial states fixed to aiops' (the first two seasons, Hyndman & Athanasopoulos 7.6), so both
    # minimise the same one-step SSE over alpha, beta, gamma; statsmodels' fit() would otherwise also
    # optimise the 1 + 1 + 1440 initial states (whatever initialization_method says).
    y, m = train.to_numpy(), PERIOD
    level, trend = y[:m].mean(), ((y[m:2 * m] - y[:m]) / m).mean()
    fixed = {"initial_level": level, "initial_trend": trend,
             **{f"initial_seasonal.{i}": v for i, v in enumerate(y[:m] - level)}}

    def fit():
        model = ExponentialSmoothing(y, trend="add", seasonal="add", seasonal_periods=m)
        with model.fix_params(fixed):
            return model.fit()

    timing, model = best_of(repeats, fit)
    predict, mean = best_of(repeats, lambda: model.forecast(horizon))
    p = model.params
    return {"fit_s": timing[0], "fit_cpu_s": timing[1], "predict_s": predict[0], "predict_cpu_s": predict[1],
            "alpha": p["smoothing_level"], "beta": p["smoothing_trend"], "gamma": p["smoothing_seasonal"],
            "sse": model.sse, "mean": mean}


def prophet_model(train, test, repeats):
    frame = pd.DataFrame({"ds": train.index, "y": train.to_numpy()})
    # aiops' prophet_options defaults are Prophet's, but for 300 simulated trends (Prophet: 1000).
    timing, model = best_of(repeats, lambda: Prophet(uncertainty_samples=300).fit(frame))
    predict, mean = best_of(repeats, lambda: model.predict(pd.DataFrame({"ds": test.index}))["yhat"].to_numpy())
    return {"fit_s": timing[0], "fit_cpu_s": timing[1], "predict_s": predict[0], "predict_cpu_s": predict[1],
            "mean": mean}


def ms(o, t, key):
    return f"{o[key] * 1e3:.1f} / {t[key] * 1e3:.1f}"


def iforest_row(name, o, t, data, directory):
    x, y = data
    ours = [np.fromfile(f"{directory}/{name}.aiops-scores-{seed}.f64") for seed in range(SEEDS)]
    aucs = [roc_auc_score(y, s) for s in ours]
    # Labels as scikit-learn's predict makes them: the top `contamination` share of the fitted rows.
    f1 = f1_score(y, ours[0] > np.quantile(ours[0], 1 - y.mean()))
    diff = np.mean(aucs) - np.mean(t["aucs"])
    ok = abs(diff) <= TOLERANCE["iforest"]
    speed = t["fit_score_s"] / o["fit_score_s"], t["fit_score_cpu_s"] / o["fit_score_cpu_s"]
    row = (f"| {name} | {x.shape[0]} x {x.shape[1]}, {y.mean():.2%} anomalous | {ms(o, t, 'fit_score_s')} | "
           f"{ms(o, t, 'fit_score_cpu_s')} | {speed[0]:.1f}x ({speed[1]:.1f}x) | {aucs[0]:.4f} / {t['aucs'][0]:.4f} | "
           f"{np.mean(aucs):.4f} / {np.mean(t['aucs']):.4f} ({diff:+.4f}) | {f1:.3f} / {t['f1']:.3f} | "
           f"{'yes' if ok else 'NO'} |")
    return row, ok


def forecast_row(model, name, o, t, data, directory):
    _, test = data
    actual = test.to_numpy()
    mean = np.fromfile(f"{directory}/{name}.aiops-{model}.f64")
    mae, their_mae = np.abs(mean - actual).mean(), np.abs(t["mean"] - actual).mean()
    rel = (mae - their_mae) / their_mae
    ok = abs(rel) <= TOLERANCE[model]
    speed = t["fit_s"] / o["fit_s"], t["fit_cpu_s"] / o["fit_cpu_s"]
    cells = [name, ms(o, t, "fit_s"), ms(o, t, "fit_cpu_s"), f"{speed[0]:.0f}x ({speed[1]:.0f}x)", ms(o, t, "predict_s")]
    if model == "hw":
        cells.append(" / ".join(f"{o[k]:.4f}" for k in ("alpha", "beta", "gamma")) + "; " +
                     " / ".join(f"{t[k]:.4f}" for k in ("alpha", "beta", "gamma")))
        cells.append(f"{o['sse']:.6g} / {t['sse']:.6g}")
    cells += [f"{mae:.3f} / {their_mae:.3f} ({rel:+.1%})", "yes" if ok else "NO"]
    return "| " + " | ".join(cells) + " |", ok


HEADERS = {
    "iforest": "| data | rows | fit + score wall | CPU | speed-up wall (CPU) | ROC-AUC seed 0 | ROC-AUC mean of 5 seeds "
               "| F1 at the contamination share | within 0.01 |",
    "hw": "| series | fit wall | fit CPU | speed-up fit wall (CPU) | forecast | alpha / beta / gamma: aiops; statsmodels "
          "| one-step SSE | forecast MAE | within 2% |",
    "prophet": "| series | fit wall | fit CPU | speed-up fit wall (CPU) | forecast | forecast MAE | within 10% |",
}


def main(root, directory, binary, repeats):
    logging.getLogger("cmdstanpy").setLevel(logging.WARNING)
    data = generate(root, directory)
    ours = json.loads(subprocess.run([binary, directory, str(repeats), str(SEEDS)], check=True, capture_output=True,
                                     text=True).stdout)
    theirs = {}
    for key, value in data.items():
        kind, name = key.split("/")
        print(f"compare.py: the reference models on {name} ...", file=sys.stderr)
        if kind == "iforest":
            theirs[key] = isolation_forest(*value, repeats)
        else:
            theirs[f"hw/{name}"] = holt_winters(value[0], len(value[1]), repeats)
            theirs[f"prophet/{name}"] = prophet_model(*value, repeats)
    print(f"scikit-learn {sklearn.__version__}, statsmodels {statsmodels.__version__}, prophet {prophet.__version__} "
          f"(cmdstanpy), numpy {np.__version__}, pandas {pd.__version__}; best of {repeats} runs; milliseconds, "
          f"aiops / reference; CPU time includes child processes (Prophet's Stan); load average after: "
          f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    failures = 0
    for kind in [k for k in PART_OF if PART_OF[k] in PARTS]:
        print()
        print(HEADERS[kind])
        print("|" + "---|" * HEADERS[kind].count(" | ") + "---|")
        for key in (k for k in ours if k.startswith(kind + "/")):
            name = key.split("/")[1]
            value = data[key] if kind == "iforest" else data[f"ts/{name}"]
            if kind == "iforest":
                row, ok = iforest_row(name, ours[key], theirs[key], value, directory)
            else:
                row, ok = forecast_row(kind, name, ours[key], theirs[key], value, directory)
            print(row)
            failures += not ok
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
