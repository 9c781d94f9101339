#!/usr/bin/env bash
# Fan-out benchmark of Roomcast on two revisions, one after the other on the same quiet machine: the saturation case
# (2 nodes + Redis, 2000 connections in 100 rooms, 45 s unrecorded warm-up) and heap per idle connection (5k, 19k),
# each measured by run-benchmark.sh in a throw-away worktree of its revision. Writes
# load-tests/results/before-after/{before,after}/bench-roomcast-*.json and prints the comparison table.
#
#   load-tests/bench/run-before-after.sh BEFORE_REV [AFTER_REV (default HEAD)]
#
# Loopback only; everything it starts is stopped by run-benchmark.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BEFORE=${1:?usage: run-before-after.sh BEFORE_REV [AFTER_REV]}
AFTER=${2:-HEAD}
OUT=$ROOT/load-tests/results/before-after
mkdir -p "$OUT"

run_revision() { # name revision
  local name=$1 rev=$2 tree
  tree=$(mktemp -d)
  git worktree add -q --detach "$tree" "$rev"
  echo "[before-after] $name = $(git rev-parse --short "$rev"): building in $tree" >&2
  (cd "$tree" && mvn -B -q -o package -Dmaven.test.skip=true -pl node-server,load-tests -am >/dev/null)
  (cd "$tree" && load-tests/bench/run-benchmark.sh --no-build --systems roomcast --cases saturation,idle)
  rm -rf "${OUT:?}/$name"
  mkdir -p "$OUT/$name"
  cp "$tree"/load-tests/results/bench-roomcast-{saturation,idle-small,idle-large}.json "$OUT/$name/"
  git rev-parse "$rev" >"$OUT/$name/revision"
  git worktree remove --force "$tree"
}
run_revision before "$BEFORE"
run_revision after "$AFTER"

python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
def load(name, case):
    return json.load(open(os.path.join(out, name, f"bench-roomcast-{case}.json")))
rows = [
    ("deliveries/s (saturation)", lambda n: load(n, "saturation")["fanout"]["deliveriesPerSecond"], "{:,.0f}"),
    ("server CPU per delivery, µs", lambda n: load(n, "saturation")["servers"]["cpuMicrosPerDelivery"], "{:.3f}"),
    ("  of which user, µs", lambda n: load(n, "saturation")["servers"]["userMicrosPerDelivery"], "{:.3f}"),
    ("Redis CPU per delivery, µs", lambda n: load(n, "saturation")["aux"]["cpuMicrosPerDelivery"], "{:.3f}"),
    ("p99 latency at saturation, ms", lambda n: load(n, "saturation")["fanout"]["latencyMs"]["p99"], "{:.1f}"),
    ("lost deliveries", lambda n: load(n, "saturation")["fanout"]["lostFromWindow"], "{}"),
    ("server RSS under load, MB (both)", lambda n: sum(p["rssKb"] for p in load(n, "saturation")["servers"]["processes"]) / 1024, "{:.0f}"),
    ("heap per idle connection at 5k, bytes", lambda n: load(n, "idle-small")["idle"]["heapBytesPerConnection"], "{:,.0f}"),
    ("heap per idle connection at 19k, bytes", lambda n: load(n, "idle-large")["idle"]["heapBytesPerConnection"], "{:,.0f}"),
    ("RSS per idle connection at 19k, bytes", lambda n: load(n, "idle-large")["idle"]["rssBytesPerConnection"], "{:,.0f}"),
]
revs = {n: open(os.path.join(out, n, "revision")).read().strip()[:7] for n in ("before", "after")}
print(f"| measure | before ({revs['before']}) | after ({revs['after']}) | after ÷ before |")
print("|---|---|---|---|")
for label, get, fmt in rows:
    b, a = get("before"), get("after")
    ratio = f"{a / b:.2f}" if b else "—"
    print(f"| {label} | {fmt.format(b)} | {fmt.format(a)} | {ratio} |")
PY
