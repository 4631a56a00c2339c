#!/usr/bin/env python3
# aiops: bench/ml: generates the data, runs scikit-learn and the aiops::ml binary on it in one run,
# checks that the results agree within tolerance and prints a Markdown table of times and results
# SPDX-License-Identifier: MIT
"""compare.py DATA_DIR BENCH_BINARY REPEATS: exits 1 when a result is out of tolerance."""
import json
import subprocess
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, adjusted_rand_score, r2_score


def save(directory, name, array):
    """Row-major doubles plus a 'rows cols' shape file: what bench_ml.cpp reads."""
    a = np.ascontiguousarray(array, dtype=np.float64)
    if a.ndim == 1:
        a = a.reshape(-1, 1)
    a.tofile(f"{directory}/{name}.f64")
    with open(f"{directory}/{name}.shape", "w", encoding="ascii") as f:
        f.write(f"{a.shape[0]} {a.shape[1]}\n")


def generate(directory):
    rng = np.random.RandomState(20240901)
    data = {}
    # Regression: 200k x 20, known coefficients, Gaussian noise.
    x = rng.normal(size=(200_000, 20))
    beta = np.linspace(-2, 2, 20)
    data["regression"] = (x, x @ beta + 3.0 + rng.normal(scale=0.5, size=x.shape[0]))
    # Binary classification: 100k x 20 drawn from a logistic model (overlapping classes).
    x = rng.normal(size=(100_000, 20))
    z = x @ rng.normal(scale=0.5, size=20) + 0.3
    data["binary"] = (x, (rng.uniform(size=x.shape[0]) < 1 / (1 + np.exp(-z))).astype(np.int32))
    # Five overlapping classes: 50k x 20 around random centres.
    centres = rng.normal(scale=1.0, size=(5, 20))
    y = rng.randint(0, 5, size=50_000)
    data["multiclass"] = (centres[y] + rng.normal(scale=1.5, size=(50_000, 20)), y)
    # k-means: 100k x 10, 8 clusters, well separated then overlapping.
    for name, spread, sd in (("kmeans_blobs", 10.0, 1.0), ("kmeans_overlap", 3.0, 1.5)):
        centres = rng.uniform(-spread, spread, size=(8, 10))
        y = rng.randint(0, 8, size=100_000)
        data[name] = (centres[y] + rng.normal(scale=sd, size=(100_000, 10)), y)
    for name, (x, y) in data.items():
        save(directory, f"{name}_x", x)
        save(directory, f"{name}_y", y)
    return data


def best_of(repeats, run):
    """(best wall seconds, best CPU seconds of this process, all threads), and run's last value."""
    wall, cpu, value = float("inf"), float("inf"), None
    for _ in range(repeats):
        start, cpu_start = time.perf_counter(), time.process_time()
        value = run()
        cpu = min(cpu, time.process_time() - cpu_start)
        wall = min(wall, time.perf_counter() - start)
    return (wall, cpu), value


def timings(fit, predict):
    return {"fit_s": fit[0], "fit_cpu_s": fit[1], "predict_s": predict[0], "predict_cpu_s": predict[1]}


def sklearn_side(data, repeats):
    out = {}
    x, y = data["regression"]
    for name, model in (("linear", LinearRegression()), ("ridge", Ridge(alpha=10.0))):
        fit, _ = best_of(repeats, lambda m=model: m.fit(x, y))
        predict, pred = best_of(repeats, lambda m=model: m.predict(x))
        out[name] = {**timings(fit, predict), "coef": model.coef_.tolist(),
                     "intercept": float(model.intercept_), "r2": r2_score(y, pred)}
    for name, multi in (("logistic_binary", "auto"), ("logistic_ovr", "ovr")):
        x, y = data[name.replace("logistic_", "").replace("ovr", "multiclass")]
        model = LogisticRegression(C=1.0, max_iter=100, tol=1e-4, multi_class=multi)
        fit, _ = best_of(repeats, lambda m=model: m.fit(x, y))
        predict, pred = best_of(repeats, lambda m=model: m.predict(x))
        out[name] = {**timings(fit, predict), "coef": model.coef_.ravel().tolist(),
                     "intercept": model.intercept_.tolist(), "accuracy": accuracy_score(y, pred),
                     "n_iter": int(model.n_iter_.max())}
    for name in ("kmeans_blobs", "kmeans_overlap"):
        x, y = data[name]
        model = KMeans(n_clusters=8, n_init=10, max_iter=300, tol=1e-4, random_state=0, algorithm="lloyd")
        fit, _ = best_of(repeats, lambda m=model: m.fit(x))
        predict, pred = best_of(repeats, lambda m=model: m.predict(x))
        out[name] = {**timings(fit, predict), "inertia": model.inertia_,
                     "ari_truth": adjusted_rand_score(y, pred), "labels": pred, "n_iter": int(model.n_iter_)}
    return out


def compare(name, ours, theirs, directory):
    """(what was compared, passed?) for one model."""
    if name in ("linear", "ridge"):
        diff = np.abs(np.array(ours["coef"]) - np.array(theirs["coef"])).max()
        diff = max(diff, abs(ours["intercept"] - theirs["intercept"]))
        ok = diff <= 1e-8 and abs(ours["r2"] - theirs["r2"]) <= 1e-10
        return f"R² {ours['r2']:.6f} / {theirs['r2']:.6f}, max abs coef diff {diff:.1e}", ok
    if name.startswith("logistic"):
        diff = np.abs(np.array(ours["coef"]) - np.array(theirs["coef"])).max()
        diff = max(diff, np.abs(np.array(ours["intercept"]) - np.array(theirs["intercept"])).max())
        ok = diff <= 1e-3 and abs(ours["accuracy"] - theirs["accuracy"]) <= 1e-3
        return (f"accuracy {ours['accuracy']:.4f} / {theirs['accuracy']:.4f}, max abs coef diff {diff:.1e}, "
                f"iterations {ours['n_iter']} / {theirs['n_iter']}"), ok
    labels = np.fromfile(f"{directory}/{name}.aiops-labels", dtype=np.int32)
    agreement = adjusted_rand_score(theirs["labels"], labels)
    rel = (ours["inertia"] - theirs["inertia"]) / theirs["inertia"]
    ok = abs(rel) <= 1e-3
    return (f"inertia {ours['inertia']:.6g} / {theirs['inertia']:.6g} ({rel:+.1e}), ARI vs truth "
            f"{ours['ari_truth']:.4f} / {theirs['ari_truth']:.4f}, ARI between the two {agreement:.4f}"), ok


DATA = {"linear": "200k x 20", "ridge": "200k x 20, alpha 10", "logistic_binary": "100k x 20, 2 classes",
        "logistic_ovr": "50k x 20, 5 classes (OvR)", "kmeans_blobs": "100k x 10, k 8, separated",
        "kmeans_overlap": "100k x 10, k 8, overlapping"}


def main(directory, binary, repeats):
    data = generate(directory)
    ours = json.loads(subprocess.run([binary, directory, str(repeats)], check=True, capture_output=True,
                                     text=True).stdout)
    theirs = sklearn_side(data, repeats)
    print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; best of {repeats} runs; milliseconds, "
          f"aiops / scikit-learn; wall time, then CPU time of all threads (scikit-learn's BLAS and OpenMP "
          f"use every core)")
    print()
    print("| model | data | fit wall | fit CPU | predict wall | speed-up wall (CPU), fit + predict "
          "| results (aiops / scikit-learn) | within tolerance |")
    print("|---|---|---|---|---|---|---|---|")
    failures = 0
    for name in DATA:
        o, t = ours[name], theirs[name]
        result, ok = compare(name, o, t, directory)
        failures += not ok
        wall = (t["fit_s"] + t["predict_s"]) / (o["fit_s"] + o["predict_s"])
        cpu = (t["fit_cpu_s"] + t["predict_cpu_s"]) / (o["fit_cpu_s"] + o["predict_cpu_s"])
        print(f"| {name} | {DATA[name]} | {o['fit_s'] * 1e3:.1f} / {t['fit_s'] * 1e3:.1f} | "
              f"{o['fit_cpu_s'] * 1e3:.1f} / {t['fit_cpu_s'] * 1e3:.1f} | "
              f"{o['predict_s'] * 1e3:.2f} / {t['predict_s'] * 1e3:.2f} | {wall:.1f}x ({cpu:.1f}x) | {result} | "
              f"{'yes' if ok else 'NO'} |")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
