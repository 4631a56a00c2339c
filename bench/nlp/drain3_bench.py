# aiops: bench/nlp: Drain3 (PyPI drain3) on one file of messages: lines/s and the cluster of each line
# SPDX-License-Identifier: MIT
#
#   python drain3_bench.py MESSAGES MASKS OUT [--repeat R] [--runs N] [--sim T] [--depth N] [--max-children N]
#
# Time is the process's CPU time (time.process_time), as bench_nlp measures its own: the
# machine may be shared, and wall time would measure the neighbours; "wall_seconds" is the
# wall's (time.perf_counter), for the comparison with aiops on several threads. Each of --runs
# runs mines the messages --repeat times over with a new miner; both times are the median run's
# (bench_nlp takes the median of its runs too).
# MESSAGES has one message per line (the Content column); MASKS one regex per line, each masked
# as <*> (Drain3's mask_prefix "<", mask_with "*", mask_suffix ">"). OUT gets the cluster id of
# each line of the first pass. Prints {"lines": ..., "seconds": ..., "wall_seconds": ..., "clusters": ...} as JSON.
import argparse
import json
import time

from drain3 import TemplateMiner
from drain3.masking import MaskingInstruction
from drain3.template_miner_config import TemplateMinerConfig


def main():
    p = argparse.ArgumentParser()
    p.add_argument("messages")
    p.add_argument("masks")
    p.add_argument("out")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--sim", type=float, default=0.4)
    p.add_argument("--depth", type=int, default=4)
    p.add_argument("--max-children", type=int, default=100)
    a = p.parse_args()
    with open(a.messages, encoding="utf-8") as f:
        messages = f.read().split("\n")[:-1]
    with open(a.masks, encoding="utf-8") as f:
        masks = [line for line in f.read().split("\n") if line]
    config = TemplateMinerConfig()
    config.drain_sim_th = a.sim
    config.drain_depth = a.depth
    config.drain_max_children = a.max_children
    config.masking_instructions = [MaskingInstruction(m, "*") for m in masks]
    config.profiling_enabled = False
    times, walls = [], []
    for run in range(a.runs):
        miner = TemplateMiner(config=config)  # no persistence handler: nothing is saved
        ids = []
        start, wall = time.process_time(), time.perf_counter()
        for r in range(a.repeat):
            for m in messages:
                result = miner.add_log_message(m)
                if r == 0:
                    ids.append(result["cluster_id"])
        times.append(time.process_time() - start)
        walls.append(time.perf_counter() - wall)
    seconds = sorted(times)[len(times) // 2]
    wall_seconds = sorted(walls)[len(walls) // 2]
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(str(i) for i in ids) + "\n")
    print(json.dumps({"lines": len(messages) * a.repeat, "seconds": seconds, "wall_seconds": wall_seconds, "clusters": len(miner.drain.clusters)}))


if __name__ == "__main__":
    main()
