#!/usr/bin/env python3
# aiops: bench/nlp: the Python side of bench_vectors.cpp: scikit-learn's TfidfVectorizer + KMeans and gensim's
# Word2Vec on the same words, one thread, the same hyper-parameters; then both sides as Markdown tables.
# SPDX-License-Identifier: MIT
#
#   vectors_bench.py WORK AIOPS_TSV     (WORK from `bench_vectors prepare`, AIOPS_TSV from `bench_vectors run`)
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy/sklearn load: one thread, like the C++ side
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
import gensim  # noqa: E402
from gensim.models import Word2Vec  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import normalized_mutual_info_score  # noqa: E402
from sklearn.metrics.cluster import contingency_matrix  # noqa: E402

SYSTEMS = ["hdfs", "openssh", "linux", "hadoop", "android", "apache"]
KMEANS_N_INIT = 3  # as bench_vectors.cpp
QUERIES, NEIGHBOURS = 200, 10
W2V = dict(vector_size=100, window=5, negative=5, min_count=5, epochs=5, sample=1e-3, alpha=0.025,
           min_alpha=0.0001, workers=1, seed=1, sg=1, hs=0)


def read(work, system):
    with open(f"{work}/{system}.words", encoding="utf-8") as f:
        lines = [line.split() for line in f.read().split("\n")[:-1]]
    truth = np.loadtxt(f"{work}/{system}.truth", dtype=int)
    return lines, truth


def purity(truth, labels):
    m = contingency_matrix(truth, labels)
    return m.max(axis=0).sum() / m.sum()


def neighbour_check(model, lines, truth):
    v = np.zeros((len(lines), model.vector_size))
    for i, words in enumerate(lines):
        known = [model.wv[w] for w in words if w in model.wv.key_to_index]
        if known:
            v[i] = np.mean(known, axis=0)
    norms = np.linalg.norm(v, axis=1)
    norms[norms == 0] = 1
    v = v / norms[:, None]
    step = len(lines) // QUERIES
    total = 0.0
    for q in range(QUERIES):
        i = q * step
        sim = v @ v[i]
        order = [j for j in np.argsort(-sim, kind="stable") if j != i][:NEIGHBOURS]
        total += np.mean(truth[order] == truth[i])
    return total / QUERIES


def main(work, aiops_tsv):
    results = {}
    with open(aiops_tsv) as f:
        for row in f:
            side, system, measure, value = row.rstrip("\n").split("\t")
            results[(side, system, measure)] = float(value)
    corpora = {s: read(work, s) for s in SYSTEMS}
    for s, (lines, truth) in corpora.items():
        start = time.process_time()
        x = TfidfVectorizer(analyzer=str.split).fit_transform([" ".join(words) for words in lines])
        labels = KMeans(n_clusters=int(truth.max()) + 1, n_init=KMEANS_N_INIT, algorithm="lloyd", random_state=0).fit_predict(x)
        results[("python", s, "kmeans_seconds")] = time.process_time() - start
        results[("python", s, "nmi")] = normalized_mutual_info_score(truth, labels)
        results[("python", s, "purity")] = purity(truth, labels)
    every_line = [words for lines, _ in corpora.values() for words in lines]
    words = sum(len(line) for line in every_line)
    start = time.process_time()
    model = Word2Vec(every_line, **W2V)
    seconds = time.process_time() - start
    results[("python", "all", "w2v_seconds")] = seconds
    results[("python", "all", "w2v_words_per_second")] = words * W2V["epochs"] / seconds
    results[("python", "all", "w2v_vocabulary")] = len(model.wv.key_to_index)
    for s, (lines, truth) in corpora.items():
        results[("python", s, "neighbours_same_event")] = neighbour_check(model, lines, truth)

    r = results
    print(f"scikit-learn {sklearn.__version__}, gensim {gensim.__version__}, numpy {np.__version__}")
    print()
    print(f"TF-IDF (scikit-learn's defaults) + k-means (k = true templates, k-means++, {KMEANS_N_INIT} restarts), CPU seconds:")
    print()
    print("| dataset | lines | aiops NMI | sklearn NMI | aiops purity | sklearn purity | aiops s | sklearn s | speed-up |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in SYSTEMS:
        a, p = r[("aiops", s, "kmeans_seconds")], r[("python", s, "kmeans_seconds")]
        print(f"| {s} | {len(corpora[s][0])} | {r[('aiops', s, 'nmi')]:.3f} | {r[('python', s, 'nmi')]:.3f} | "
              f"{r[('aiops', s, 'purity')]:.3f} | {r[('python', s, 'purity')]:.3f} | {a:.3f} | {p:.3f} | {p / a:.1f}x |")
    print()
    print(f"Word2Vec on the {len(every_line)} lines of all six datasets ({words} words x {W2V['epochs']} epochs; skip-gram, "
          f"{W2V['vector_size']} dimensions, window {W2V['window']}, negative {W2V['negative']}, min_count {W2V['min_count']}, "
          f"sample {W2V['sample']}, one thread):")
    print()
    print("| | aiops | gensim |")
    print("|---|---:|---:|")
    print(f"| vocabulary | {r[('aiops', 'all', 'w2v_vocabulary')]:.0f} | {r[('python', 'all', 'w2v_vocabulary')]:.0f} |")
    print(f"| CPU seconds | {r[('aiops', 'all', 'w2v_seconds')]:.2f} | {r[('python', 'all', 'w2v_seconds')]:.2f} |")
    print(f"| words/s | {r[('aiops', 'all', 'w2v_words_per_second')]:,.0f} | {r[('python', 'all', 'w2v_words_per_second')]:,.0f} |")
    for s in SYSTEMS:
        print(f"| {s}: same event among the 10 nearest lines | {r[('aiops', s, 'neighbours_same_event')]:.3f} | "
              f"{r[('python', s, 'neighbours_same_event')]:.3f} |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
