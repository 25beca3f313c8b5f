#!/usr/bin/env python3
# Whole-process medians of `reflect report` against `reflect summary` on
# the same file, alternated in one run, with a floor (`reflect --version`).
# Usage: report_vs_summary.py BINARY HOME FILE [RUNS]. See BENCHMARKS.md.
import subprocess, time, statistics, sys, os
R = sys.argv[1]; H = sys.argv[2]; F = sys.argv[3]; N = int(sys.argv[4]) if len(sys.argv) > 4 else 21
out = "/tmp/bench-pack.html"
cmds = {
    "floor: reflect --version": [R, "--version"],
    "reflect summary": [R, "--home", H, "summary", F],
    "reflect report (HTML)": [R, "--home", H, "report", F, "-o", out],
    "reflect report --format md": [R, "--home", H, "report", F, "-f", "md"],
}
times = {k: [] for k in cmds}
env = dict(os.environ, COLUMNS="145")
for _ in range(3):
    for c in cmds.values(): subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
for i in range(N):
    for k, c in cmds.items():
        t = time.perf_counter(); r = subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env); d = time.perf_counter() - t
        assert r.returncode == 0, (k, r.returncode)
        times[k].append(d * 1000)
base = statistics.median(times["reflect summary"])
for k, v in times.items():
    m = statistics.median(v)
    print(f"| {k} | {m:.1f} ms | {min(v):.1f}–{max(v):.1f} ms | {m/base:.2f}x |")
print("load", open("/proc/loadavg").read().split()[:3])
