#!/usr/bin/env bash
# Fan-out benchmark of Roomcast on two revisions on the same quiet machine: the saturation case (2 nodes + Redis,
# 2000 connections in 100 rooms, 45 s unrecorded warm-up) and heap per idle connection (5k, 19k), each measured by
# run-benchmark.sh in a throw-away worktree of its revision. Rounds alternate the order (before, after, after,
# before, ...) so that a drift of the machine during the session weighs on both alike; the table gives the median
# of the rounds and every round's CPU per delivery. Writes load-tests/results/before-after/{before,after}/round-N/.
#
#   ROUNDS=4 load-tests/bench/run-before-after.sh BEFORE_REV [AFTER_REV (default HEAD)]
#
# Loopback only; everything it starts is stopped by run-benchmark.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BEFORE=${1:?usage: run-before-after.sh BEFORE_REV [AFTER_REV]}
AFTER=${2:-HEAD}
ROUNDS=${ROUNDS:-4}
OUT=$ROOT/load-tests/results/before-after
declare -A TREE REV

TREES=()
cleanup() { for tree in "${TREES[@]}"; do git -C "$ROOT" worktree remove --force "$tree" 2>/dev/null || true; done; }
trap cleanup EXIT

for name in before after; do
  rev=$([ "$name" = before ] && echo "$BEFORE" || echo "$AFTER")
  REV[$name]=$(git rev-parse "$rev")
  TREE[$name]=$(mktemp -d)
  TREES+=("${TREE[$name]}")
  git worktree add -q --detach "${TREE[$name]}" "${REV[$name]}"
  echo "[before-after] $name = ${REV[$name]:0:7}: building in ${TREE[$name]}" >&2
  (cd "${TREE[$name]}" && mvn -B -q -o package -Dmaven.test.skip=true -pl node-server,load-tests -am >/dev/null)
  rm -rf "${OUT:?}/$name"
  mkdir -p "$OUT/$name"
  echo "${REV[$name]}" >"$OUT/$name/revision"
done

for round in $(seq 1 "$ROUNDS"); do
  order=(before after)
  [ $((round % 2)) = 0 ] && order=(after before)
  for name in "${order[@]}"; do
    echo "[before-after] round $round: $name" >&2
    (cd "${TREE[$name]}" && load-tests/bench/run-benchmark.sh --no-build --systems roomcast --cases saturation,idle)
    mkdir -p "$OUT/$name/round-$round"
    cp "${TREE[$name]}"/load-tests/results/bench-roomcast-{saturation,idle-small,idle-large}.json \
      "$OUT/$name/round-$round/"
  done
done

python3 - "$OUT" "$ROUNDS" <<'PY'
import json, os, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def load(name, r, case):
    return json.load(open(os.path.join(out, name, f"round-{r}", f"bench-roomcast-{case}.json")))
measures = [
    ("deliveries/s (saturation)", lambda n, r: load(n, r, "saturation")["fanout"]["deliveriesPerSecond"], "{:,.0f}"),
    ("server CPU per delivery, µs", lambda n, r: load(n, r, "saturation")["servers"]["cpuMicrosPerDelivery"], "{:.3f}"),
    ("  of which user, µs", lambda n, r: load(n, r, "saturation")["servers"]["userMicrosPerDelivery"], "{:.3f}"),
    ("Redis CPU per delivery, µs", lambda n, r: load(n, r, "saturation")["aux"]["cpuMicrosPerDelivery"], "{:.3f}"),
    ("p99 latency at saturation, ms", lambda n, r: load(n, r, "saturation")["fanout"]["latencyMs"]["p99"], "{:.1f}"),
    ("lost deliveries", lambda n, r: load(n, r, "saturation")["fanout"]["lostFromWindow"], "{:.0f}"),
    ("server RSS under load, MB (both)",
     lambda n, r: sum(p["rssKb"] for p in load(n, r, "saturation")["servers"]["processes"]) / 1024, "{:.0f}"),
    ("heap per idle connection at 5k, bytes", lambda n, r: load(n, r, "idle-small")["idle"]["heapBytesPerConnection"], "{:,.0f}"),
    ("heap per idle connection at 19k, bytes", lambda n, r: load(n, r, "idle-large")["idle"]["heapBytesPerConnection"], "{:,.0f}"),
    ("RSS per idle connection at 19k, bytes", lambda n, r: load(n, r, "idle-large")["idle"]["rssBytesPerConnection"], "{:,.0f}"),
]
revs = {n: open(os.path.join(out, n, "revision")).read().strip()[:7] for n in ("before", "after")}
print(f"Median of {rounds} rounds (order alternating before/after).\n")
print(f"| measure | before ({revs['before']}) | after ({revs['after']}) | after ÷ before |")
print("|---|---|---|---|")
for label, get, fmt in measures:
    b = statistics.median(get("before", r) for r in range(1, rounds + 1))
    a = statistics.median(get("after", r) for r in range(1, rounds + 1))
    print(f"| {label} | {fmt.format(b)} | {fmt.format(a)} | {f'{a / b:.2f}' if b else '—'} |")
cpu = measures[1][1]
print("\nServer CPU per delivery by round, µs (before / after):",
      ", ".join(f"{cpu('before', r):.3f} / {cpu('after', r):.3f}" for r in range(1, rounds + 1)))
PY
