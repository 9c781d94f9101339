#!/usr/bin/env bash
# Paired before/after of two Roomcast builds on a shared, busy machine: both clusters (2 nodes + their own Redis each)
# run at the same time under the same fixed-rate load from two generators, so that whatever else the machine runs
# weighs on both alike; server CPU per delivery (utime+stime of the nodes over the window / deliveries) is the figure
# to compare. Small rooms by default (500 rooms of 3 subscribers, 10 publishers).
#
#   load-tests/bench/run-paired.sh --a-jar before.jar --b-jar after.jar [--a-env "K=V ..."] [--b-env "K=V ..."]
#       [--rooms 500] [--subscribers 3] [--rates 1000,2000] [--rounds 2] [--warm-up 60s] [--duration 20s]
#       [--out load-tests/results/paired/NAME]
#
# Writes <out>/round-N/{a,b}-rate<R>.json (generator results) with .load (uptime before/after) and <out>/summary.md.
# Loopback only; everything it starts is stopped by pid on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
A_JAR=""; B_JAR=""; A_ENV=""; B_ENV=""; ROOMS=500; SUBSCRIBERS=3; RATES=1000,2000; ROUNDS=2; WARM_UP=60s; DURATION=20s
OUT=$ROOT/load-tests/results/paired/run
while [ $# -gt 0 ]; do
  case "$1" in
    --a-jar) A_JAR="$2"; shift ;;
    --b-jar) B_JAR="$2"; shift ;;
    --a-env) A_ENV="$2"; shift ;;
    --b-env) B_ENV="$2"; shift ;;
    --rooms) ROOMS="$2"; shift ;;
    --subscribers) SUBSCRIBERS="$2"; shift ;;
    --rates) RATES="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --warm-up) WARM_UP="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -f "$A_JAR" ] && [ -f "$B_JAR" ] || { echo "--a-jar and --b-jar must name node-server jars" >&2; exit 2; }
mkdir -p "$OUT"
WORK=$(mktemp -d)
cp "$A_JAR" "$WORK/a.jar"; cp "$B_JAR" "$WORK/b.jar"
mvn -B -q -o -pl load-tests dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
cp -r load-tests/target/classes "$WORK/classes"
CLASSPATH_LT="$WORK/classes:$(cat "$WORK/cp.txt")"
log() { echo "[paired $(date -u +%H:%M:%S)] $*" >&2; }

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

declare -A NODES REDIS TARGETS
for side in a b; do
  base=$([ "$side" = a ] && echo 3160 || echo 3170)
  port=$([ "$side" = a ] && echo 6393 || echo 6394)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no >"$OUT/redis-$side.log" 2>&1 &
  PIDS+=($!); REDIS[$side]=$!
  wait_port "$port"
  env_vars=$([ "$side" = a ] && echo "$A_ENV" || echo "$B_ENV")
  pids=""
  for i in 1 2; do
    # shellcheck disable=SC2086 # env_vars holds K=V words
    env PORT=$((base + i)) MANAGEMENT_PORT=$((base + 5000 + i)) HOST=127.0.0.1 REDIS_URL="redis://127.0.0.1:$port" \
      NODE_ID="paired-$side-$i" LOG_LEVEL=INFO $env_vars java -Xms256m -Xmx1g -jar "$WORK/$side.jar" \
      >"$OUT/node-$side-$i.log" 2>&1 &
    PIDS+=($!); pids="${pids:+$pids,}$!"
    wait_port $((base + i))
  done
  NODES[$side]=$pids
  TARGETS[$side]="ws://127.0.0.1:$((base + 1)),ws://127.0.0.1:$((base + 2))"
done

generate() { # side out-file rate warmup duration
  java -Xms256m -Xmx768m -cp "$CLASSPATH_LT" io.roomcast.loadtests.generator.LoadGenerator \
    --target "${TARGETS[$1]}" --protocol socketio --source-addresses 127.0.0.2-127.0.0.9 \
    --server-pids "${NODES[$1]}" --aux-pids "${REDIS[$1]}" --label "paired $1" --scenario fanout \
    --connections $((ROOMS * SUBSCRIBERS)) --rooms "$ROOMS" --publishers 10 --rate "$3" --warmup "$4" \
    --duration "$5" --out "$2" >"$2.log" 2>&1
}
pair() { # name rate warmup duration
  local dir=$1; mkdir -p "$dir"
  uptime >"$dir/$2.load"
  generate a "$dir/a-$2.json" "${2#rate}" "$3" "$4" & local ga=$!; PIDS+=($ga)
  generate b "$dir/b-$2.json" "${2#rate}" "$3" "$4" & local gb=$!; PIDS+=($gb)
  wait "$ga" || log "generator a exited $?"; wait "$gb" || log "generator b exited $?"
  uptime >>"$dir/$2.load"
}
IFS=, read -r -a RATE_LIST <<<"$RATES"
# Warm-up at the first fixed rate, not at max: on a machine shared with other work a saturating load leaves backlogs
# (seconds of queued deliveries) whose CPU would land in the next window. For the same reason each window is
# followed by a pause, and the rates should stay where p99 is low (see summary.md).
log "warm-up: both clusters at ${RATE_LIST[0]} messages/s for $WARM_UP"
pair "$WORK/warmup" "rate${RATE_LIST[0]}" "$WARM_UP" 1s
sleep 5
for round in $(seq 1 "$ROUNDS"); do
  for rate in "${RATE_LIST[@]}"; do
    log "round $round: both at $rate messages/s for $DURATION"
    pair "$OUT/round-$round" "rate$rate" 5s "$DURATION"
    sleep 5
  done
done

python3 - "$OUT" "$A_JAR $A_ENV" "$B_JAR $B_ENV" >"$OUT/summary.md" <<'PY'
import json, os, sys, glob
out, a_name, b_name = sys.argv[1:4]
print(f"a = {a_name}\nb = {b_name}\n")
print("| round | rate msg/s | side | deliveries/s | server µs/delivery (user + sys) | Redis µs/msg | p50 / p99 ms | RSS MB (2 nodes) | load avg |")
print("|---|---:|---|---:|---|---:|---|---|---|")
for path in sorted(glob.glob(os.path.join(out, "round-*", "[ab]-rate*.json"))):
    r = json.load(open(path)); f = r["fanout"]; s = r["servers"]; a = r["aux"]
    rnd = os.path.basename(os.path.dirname(path)); side, rate = os.path.basename(path)[:-5].split("-rate")
    load = open(os.path.join(os.path.dirname(path), f"rate{rate}.load")).read().split("load average:")[1].split(",")[0].strip()
    rss = " + ".join(str(p["rssKb"] // 1024) for p in s["processes"])
    print(f"| {rnd[6:]} | {rate} | {side} | {f['deliveriesPerSecond']:,.0f} | {s['cpuMicrosPerDelivery']:.2f} "
          f"({s['userMicrosPerDelivery']:.2f} + {s['systemMicrosPerDelivery']:.2f}) | "
          f"{a['cpuSeconds'] * 1e6 / max(1, f['publishedInWindow']):.2f} | {f['latencyMs']['p50']:.1f} / "
          f"{f['latencyMs']['p99']:.1f} | {rss} | {load} |")
PY
log "wrote $OUT/summary.md"
cat "$OUT/summary.md"
