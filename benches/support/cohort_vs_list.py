#!/usr/bin/env python3
# Whole-process medians of `reflect cohort` over the assessments folder
# against `reflect list` over the same folder, alternated in one run, with
# a floor (`reflect --version`), and each one's peak memory (max RSS) and
# CPU use (user + system over wall: 2.0 is both cores busy).
# Usage: cohort_vs_list.py BINARY HOME [RUNS]; HOME from `synth cohort 1000 HOME`.
# See BENCHMARKS.md.
import subprocess, time, statistics, sys, os, resource
R = sys.argv[1]; H = sys.argv[2]; N = int(sys.argv[3]) if len(sys.argv) > 3 else 7
A = os.path.join(H, "assessments"); S = os.path.join(H, "shares")
cmds = {
    "floor: reflect --version": [R, "--version"],
    "reflect list": [R, "--home", H, "list"],
    "reflect cohort (1,000 assessments)": [R, "--home", H, "cohort", A, "-f", "text"],
    "reflect cohort (1,000 shares)": [R, "--home", H, "cohort", S, "-f", "text"],
    "reflect cohort -f csv (1,000 assessments)": [R, "--home", H, "cohort", A, "-f", "csv"],
}
times = {k: [] for k in cmds}; cpu = {k: [] for k in cmds}; rss = {k: 0 for k in cmds}
env = dict(os.environ, COLUMNS="145")
for c in cmds.values(): subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
for i in range(N):
    for k, c in cmds.items():
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        p = subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(p.pid, 0)
        d = time.perf_counter() - t
        assert os.waitstatus_to_exitcode(status) == 0, (k, status)
        times[k].append(d * 1000)
        cpu[k].append((usage.ru_utime + usage.ru_stime) / d)
        rss[k] = max(rss[k], usage.ru_maxrss)
base = statistics.median(times["reflect list"])
print("| command | median | range | ratio to list | CPU (cores) | peak RSS |")
print("|---|---|---|---|---|---|")
for k, v in times.items():
    m = statistics.median(v)
    print(f"| {k} | {m:.0f} ms | {min(v):.0f}–{max(v):.0f} ms | {m/base:.2f}x | {statistics.median(cpu[k]):.2f} | {rss[k]/1024:.0f} MB |")
print("load", open("/proc/loadavg").read().split()[:3])
