#!/usr/bin/env python3
"""Markdown tables from the output of `cargo bench --bench sync --bench stream`.

    python3 benches/report.py [CRITERION_DIR ...] [--stat median|mean]

CRITERION_DIR defaults to `target/criterion` (use `$CARGO_TARGET_DIR/criterion` when the
benchmarks were built with CARGO_TARGET_DIR set). For every criterion group (one workload)
it prints each variant's time divided by the time of the `hand-written` variant of the
same group (`1.03x`), using the point estimate of the median (default) or the mean from
`<group>/<variant>/new/estimates.json`. Then it prints the `size_of` figures that the
benchmark binaries save in `CRITERION_DIR/gen-sizes/*.json`.

Given several directories (copies of the criterion directory after separate runs, to see
through the noise of a shared machine), each cell is the median of the runs' ratios
followed by their range, e.g. `1.03x (0.98-1.10)`; sizes come from the first directory.
"""

import argparse
import json
import statistics
import sys
from pathlib import Path

BASELINE = "hand-written"
# Workloads and variants in the order of the benchmarks; anything else comes after, sorted.
WORKLOADS = [
    "counter",
    "filter",
    "nested",
    "tree_walk",
    "tree_walk_large",
    "big_state",
    "big_while",
    "early_exit",
    "stream_ready",
    "stream_pending",
    "stream_h2",
    "stream_borrowed",
    "task_ready",
    "task_pending",
    "task_h2",
    "task_borrowed",
]
VARIANTS = [
    "hand-written",
    "from_fn",
    "gen-core",
    "gen-core (async lowering)",
    "native async gen",
    "native-gen",
    "async-stream",
    "genawaiter-stack",
    "genawaiter-rc",
    "next-gen",
]


def order(known, names):
    names = set(names)
    return [n for n in known if n in names] + sorted(names - set(known))


def fmt_time(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def suite_of(workload):
    return "stream" if workload.startswith(("stream", "task")) else "sync"


def load_times(root, stat):
    """{workload: {variant: nanoseconds}} from every `new/` directory under `root`."""
    times = {}
    for estimates in sorted(root.glob("**/new/estimates.json")):
        new = estimates.parent
        meta_path = new / "benchmark.json"
        if meta_path.exists():
            meta = json.loads(meta_path.read_text())
            group, variant = meta.get("group_id"), meta.get("function_id")
        else:  # fall back on the directory names: <group>/<variant>/new
            group, variant = new.parent.parent.name, new.parent.name
        if not group or not variant:
            continue
        est = json.loads(estimates.read_text())
        times.setdefault(group, {})[variant] = est[stat]["point_estimate"]
    return times


def ratio_tables(runs, stat):
    """Tables of ratios; `runs` is a list of {workload: {variant: ns}}, one per run."""
    out = []
    suites = {}
    for workload in order(WORKLOADS, {w for times in runs for w in times}):
        suites.setdefault(suite_of(workload), []).append(workload)
    for suite, workloads in suites.items():
        variants = order(VARIANTS, {v for t in runs for w in workloads for v in t.get(w, {})})
        runs_note = f"; median of {len(runs)} runs (min-max)" if len(runs) > 1 else ""
        out.append(f"### {suite}: time / time of `{BASELINE}` ({stat}{runs_note})\n")
        out.append("| workload | " + " | ".join(variants) + f" | {BASELINE} time |")
        out.append("|---" * (len(variants) + 2) + "|")
        for w in workloads:
            bases = [t[w][BASELINE] for t in runs if BASELINE in t.get(w, {})]
            cells = []
            for v in variants:
                ratios = [
                    t[w][v] / t[w][BASELINE]
                    for t in runs
                    if v in t.get(w, {}) and BASELINE in t[w]
                ]
                if not ratios:
                    cells.append("")
                elif v == BASELINE:
                    cells.append("1.00x")
                elif len(ratios) == 1:
                    cells.append(f"{ratios[0]:.2f}x")
                else:
                    cells.append(
                        f"{statistics.median(ratios):.2f}x "
                        f"({min(ratios):.2f}-{max(ratios):.2f})"
                    )
            base_cell = fmt_time(statistics.median(bases)) if bases else "(missing)"
            out.append(f"| {w} | " + " | ".join(cells) + f" | {base_cell} |")
        out.append("")
    return out


def size_tables(root):
    out = []
    files = {p.stem: p for p in (root / "gen-sizes").glob("*.json")}
    for path in (files[name] for name in order(["sync", "stream"], files)):
        rows = json.loads(path.read_text())
        sizes = {}
        for row in rows:
            sizes.setdefault(row["workload"], {})[row["variant"]] = row["bytes"]
        variants = order(VARIANTS, {v for w in sizes.values() for v in w})
        out.append(f"### {path.stem}: `size_of` (bytes)\n")
        out.append("| workload | " + " | ".join(variants) + " |")
        out.append("|---" * (len(variants) + 1) + "|")
        for w in order(WORKLOADS, sizes):
            cells = [str(sizes[w][v]) if v in sizes[w] else "" for v in variants]
            out.append(f"| {w} | " + " | ".join(cells) + " |")
        out.append("")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("criterion_dirs", nargs="*", default=["target/criterion"])
    parser.add_argument("--stat", choices=("median", "mean"), default="median")
    args = parser.parse_args()
    roots = [Path(d) for d in args.criterion_dirs]
    runs = []
    for root in roots:
        if not root.is_dir():
            sys.exit(f"{root}: no such directory (run the benchmarks first)")
        times = load_times(root, args.stat)
        if not times:
            sys.exit(f"{root}: no `new/estimates.json` found")
        runs.append(times)
    lines = ratio_tables(runs, args.stat)
    sizes = size_tables(roots[0])
    if sizes:
        lines += sizes
    else:
        lines.append(f"(no `size_of` figures in {roots[0] / 'gen-sizes'})")
    try:
        print("\n".join(lines).rstrip())
    except BrokenPipeError:  # e.g. piped into `head`
        pass


if __name__ == "__main__":
    main()
