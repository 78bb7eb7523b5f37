#!/usr/bin/env python3
"""Runs bench-runtime (release build) three times and prints the summary figures side by side: `python3 three_runs.py [rounds]` in benchmarks/runtime; each run's full report goes to /tmp/bench-runN.md."""
import re, subprocess, sys
rounds = sys.argv[1] if len(sys.argv) > 1 else "101"
runs = []
pre = None
for i in range(3):
    out = subprocess.run(["./target/release/bench-runtime", "--rounds", rounds], capture_output=True, text=True, check=True).stdout
    open(f"/tmp/bench-run{i+1}.md", "w").write(out)
    rows = {}
    insum = False
    for line in out.splitlines():
        if line.startswith("## Summary"):
            insum = True; continue
        if insum and line.startswith("## "):
            break
        m = re.match(r"\| (.+?) \| (.+?) \| (.*?) \|$", line)
        if insum and m and m.group(1) not in ("figure", "---"):
            rows[m.group(1)] = (m.group(2), m.group(3))
    runs.append(rows)
    if pre is None:
        pre = "\n".join(l for l in out.splitlines() if l.startswith("- Machine") or l.startswith("- Compiler") or l.startswith("- Run"))
    print(f"run {i+1} done", file=sys.stderr)
print(pre)
print()
print("| figure | run 1 | run 2 | run 3 | goal / reading |")
print("|---|---:|---:|---:|---|")
for k, (v, g) in runs[0].items():
    vals = [r.get(k, ("-", ""))[0] for r in runs]
    print(f"| {k} | {' | '.join(vals)} | {g} |")
