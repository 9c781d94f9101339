#!/usr/bin/env bash
# RSS under load for JVM flag sets: the fan-out saturation case of run-benchmark.sh (2 nodes + Redis, 2000
# connections in 100 rooms, 10 publishers, 45 s unrecorded warm-up) once per flag set and once for Node.js
# socket.io + redis-adapter, in rounds whose order rotates so that a drift of the machine weighs on every variant
# alike. A container's memory limit is what the JVM sizes its heap from; here the nodes run on the bare host, so
# `-XX:MaxRAM=<limit>` stands in for it (the JVM then takes that as the machine's memory, as it takes the cgroup
# limit in a container). Writes load-tests/results/jvm-memory/<variant>/round-N/bench-*-saturation.json and
# summary.md (medians).
#
#   ROUNDS=2 load-tests/bench/run-jvm-memory.sh [REV (default HEAD)]
#
# Variants are the VARIANTS lines below ("name|flags"); VARIANTS_FILE=<file> replaces them; JVM_MEMORY_OUT=<dir>
# writes the results elsewhere.
# Loopback only; everything it starts is stopped by run-benchmark.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
REV=$(git rev-parse "${1:-HEAD}")
ROUNDS=${ROUNDS:-2}
OUT=${JVM_MEMORY_OUT:-$ROOT/load-tests/results/jvm-memory}
IMAGE_FLAGS=$(sed -n 's:.*<image.jvmOptions>\(.*\)</image.jvmOptions>.*:\1:p' node-server/pom.xml)
[ -n "$IMAGE_FLAGS" ] || { echo "no <image.jvmOptions> in node-server/pom.xml" >&2; exit 1; }

VARIANTS=(
  "host-default|"
  "bench-default|-Xms256m -Xmx1g"
  "old-image-1g|-XX:MaxRAM=1g -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
  "image-512m|-XX:MaxRAM=512m $IMAGE_FLAGS"
  "image-1g|-XX:MaxRAM=1g $IMAGE_FLAGS"
  "serial-1g|-XX:MaxRAM=1g -XX:+UseSerialGC -XX:MaxRAMPercentage=50"
)
if [ -n "${VARIANTS_FILE:-}" ]; then
  mapfile -t VARIANTS < <(grep -v '^\s*#' "$VARIANTS_FILE" | grep -v '^\s*$')
fi
NAMES=(node)
declare -A FLAGS
for line in "${VARIANTS[@]}"; do
  name=${line%%|*}
  NAMES+=("$name")
  FLAGS[$name]=${line#*|}
done

TREE=$(mktemp -d)
cleanup() { git -C "$ROOT" worktree remove --force "$TREE" 2>/dev/null || true; }
trap cleanup EXIT
git worktree add -q --detach "$TREE" "$REV"
echo "[jvm-memory] ${REV:0:7}: building in $TREE" >&2
(cd "$TREE" && mvn -B -q -o package -Dmaven.test.skip=true -pl node-server,load-tests -am >/dev/null)

rm -rf "$OUT"
mkdir -p "$OUT"
echo "$REV" >"$OUT/revision"
for line in "${VARIANTS[@]}"; do echo "$line"; done >"$OUT/variants"

for round in $(seq 1 "$ROUNDS"); do
  # rotate the order by one each round
  shift_by=$(( (round - 1) % ${#NAMES[@]} ))
  order=("${NAMES[@]:$shift_by}" "${NAMES[@]:0:$shift_by}")
  for name in "${order[@]}"; do
    echo "[jvm-memory] round $round: $name ${FLAGS[$name]:-}" >&2
    dir=$OUT/$name/round-$round
    mkdir -p "$dir"
    if [ "$name" = node ]; then
      (cd "$TREE" && load-tests/bench/run-benchmark.sh --no-build --systems node --cases saturation)
      cp "$TREE/load-tests/results/bench-node-saturation.json" "$dir/"
    else
      # An empty SERVER_JVM_OPTS would fall back to run-benchmark.sh's own default: a space keeps it empty.
      (cd "$TREE" && SERVER_JVM_OPTS="${FLAGS[$name]:- }" \
        load-tests/bench/run-benchmark.sh --no-build --systems roomcast --cases saturation)
      cp "$TREE/load-tests/results/bench-roomcast-saturation.json" "$dir/"
    fi
  done
done

python3 - "$OUT" "$ROUNDS" "$(nproc)" "$(free -g | awk '/^Mem:/ {print $2}')" "${NAMES[@]}" <<'PY' | tee "$OUT/summary.md"
import glob, json, os, statistics, sys
out, rounds, cpus, mem_gb, names = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
flags = dict(line.rstrip("\n").split("|", 1) for line in open(os.path.join(out, "variants")))
def runs(name):
    return [json.load(open(f)) for f in sorted(glob.glob(os.path.join(out, name, "round-*", "*-saturation.json")))]
def med(values):
    return statistics.median(values)
rev = open(os.path.join(out, "revision")).read().strip()[:7]
print(f"Fan-out saturation (2 nodes + Redis, 2000 connections, 100 rooms × 20, 10 publishers), revision {rev},")
print(f"{cpus} CPUs, {mem_gb} GiB; median of {rounds} rounds, order rotating. RSS: each node at the end of the")
print("measured window (max of the two nodes per round); deliveries/s and CPU per delivery over both nodes.\n")
print("| variant | JVM flags | deliveries/s | server CPU per delivery, µs | RSS per node under load, MB | ÷ Node's RSS |")
print("|---|---|---|---|---|---|")
node_rss = med(max(p["rssKb"] for p in r["servers"]["processes"]) / 1024 for r in runs("node"))
for name in names:
    rs = runs(name)
    if not rs:
        continue
    dps = med(r["fanout"]["deliveriesPerSecond"] for r in rs)
    cpu = med(r["servers"]["cpuMicrosPerDelivery"] for r in rs)
    rss = med(max(p["rssKb"] for p in r["servers"]["processes"]) / 1024 for r in rs)
    shown = "(Node.js 20, socket.io 4.8)" if name == "node" else (f"`{flags[name]}`" if flags[name].strip() else "(none)")
    print(f"| {name} | {shown} | {dps:,.0f} | {cpu:.2f} | {rss:.0f} | {rss / node_rss:.2f} |")
PY
