#!/usr/bin/env bash
# Issue 12: the Redis Streams adapter beside the classic pub/sub one, on one machine, in one session.
#
#   load-tests/bench/run-streams-vs-classic.sh [--no-build] [--cases memory,fanout,recovery] [--rounds 3]
#       [--variants redis,redis-streams,redis-streams-recovery] [--storms 3] [--kill term,kill]
#
#   memory    Redis memory per 10,000 stream entries shaped as the adapter writes a chat broadcast
#             (stream-memory.py: INFO used_memory before/after, MEMORY USAGE, untrimmed and MAXLEN ~ 10000).
#   fanout    2 nodes (ADAPTER=redis | redis-streams | redis-streams + RECOVERY_MAX_DISCONNECTION=2m) on one
#             redis-server, the generator's saturation case (2000 connections, 100 rooms x 20, 10 publishers): fresh
#             nodes per variant and round, the same unrecorded saturating warm-up (BENCH_WARM_UP, 45 s) for every
#             variant, then saturation (5 s + 20 s measured) and a fixed rate at 50 % of the saturation rate that
#             variant reached in that round (p99 latency). Rounds rotate the variants' order.
#   recovery  ADAPTER=redis-streams + recovery: 1000 socket.io-client connections on node A in 10 rooms, a publisher
#             per room on node B (20 messages/s each), node A drained (SIGTERM) or killed (SIGKILL), every client
#             reconnects to B (recovery-storm.js): time from the first disconnect to the last recovered connect,
#             replayed packets (roomcast_recovery_replayed_packets_total of B), CPU of B and Redis over the storm.
#
# Writes load-tests/results/streams/: stream-memory.json, fanout/<variant>/round-N/{saturation,rate50}.json,
# recovery/<term|kill>-N.json, summary.md (medians, spread). Starts its own redis-server on 127.0.0.1:6397 (never
# 6379), nodes on 3141/3142 (management 9141/9142); loopback only; bounded (every generator run has its own
# watchdog, the storm a deadline); every process it starts is stopped by pid on exit or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

BUILD=1
CASES=memory,fanout,recovery
ROUNDS=3
VARIANTS=redis,redis-streams,redis-streams-recovery
STORMS=3
KILLS=term,kill
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --cases) CASES="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --variants) VARIANTS="$2"; shift ;;
    --storms) STORMS="$2"; shift ;;
    --kill) KILLS="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
wants() { [[ ",$CASES," == *",$1,"* ]]; }
log() { echo "[streams-bench $(date -u +%H:%M:%S)] $*" >&2; }

OUT=${STREAMS_OUT:-$ROOT/load-tests/results/streams}
LOGS=$ROOT/load-tests/bench/logs/streams
mkdir -p "$OUT" "$LOGS"
REDIS_PORT=${STREAMS_REDIS_PORT:-6397}
[ "$REDIS_PORT" != 6379 ] || { echo "not on 6379" >&2; exit 2; }
SERVER_JVM_OPTS=${SERVER_JVM_OPTS:--Xms256m -Xmx1g}
GENERATOR_JVM_OPTS=${GENERATOR_JVM_OPTS:--Xms512m -Xmx1g}
WARM_UP=${BENCH_WARM_UP:-45s}
SOURCES=127.0.0.2-127.0.0.9
FANOUT=(--scenario fanout --connections 2000 --rooms 100 --publishers 10 --warmup "${FANOUT_WARMUP:-5s}" --duration "${FANOUT_DURATION:-20s}")
STORM_CLIENTS=${STORM_CLIENTS:-1000}
STORM_ROOMS=${STORM_ROOMS:-10}
STORM_RATE=${STORM_RATE:-20}

# ---- build ----------------------------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  log "building node-server and load-tests (package, no install)"
  mvn -B -q package -DskipTests -pl node-server,load-tests -am >/dev/null
fi
WORK=$(mktemp -d)
CP_FILE=$WORK/cp.txt
# the reactor's own jars, not ~/.m2 (nothing is installed); -Dmaven.main.skip: nothing recompiles under us
mvn -B -q package -DskipTests -Dmaven.main.skip -pl load-tests -am dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$CP_FILE" >/dev/null
# Private copies: a build elsewhere in this checkout cannot rewrite the jar or classes under running processes.
cp node-server/target/node-server.jar "$WORK/node-server.jar"
mkdir -p "$WORK/jars"
CP=$WORK/classes
cp -r load-tests/target/classes "$WORK/classes"
for jar in $(tr ':' '\n' <"$CP_FILE"); do
  case "$jar" in
    "$ROOT"/*) cp "$jar" "$WORK/jars/"; CP="$CP:$WORK/jars/$(basename "$jar")" ;;
    *) CP="$CP:$jar" ;;
  esac
done
NODE_JAR=$WORK/node-server.jar
CLIENT_MODULES=$ROOT/node-server/src/main/js/node_modules
if wants recovery && [ ! -d "$CLIENT_MODULES/socket.io-client" ]; then
  (cd node-server/src/main/js && npm ci --no-audit --no-fund >/dev/null)
fi

# ---- processes ------------------------------------------------------------------------------------------------------
STARTED=()
NODE_PIDS=()
stop_pid() {
  local pid=$1 signal=${2:-TERM}
  kill "-$signal" "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
  for pid in "${STARTED[@]}"; do stop_pid "$pid"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_port() { # port pid
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    kill -0 "$2" 2>/dev/null || { echo "process $2 exited before listening on $1" >&2; return 1; }
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1 after 60 s" >&2
  return 1
}

variant_env() { # variant -> env assignments
  case "$1" in
    redis) echo "ADAPTER=redis" ;;
    redis-streams) echo "ADAPTER=redis-streams" ;;
    redis-streams-recovery) echo "ADAPTER=redis-streams RECOVERY_MAX_DISCONNECTION=2m" ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
  esac
}

start_nodes() { # variant tag
  NODE_PIDS=()
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  local i
  for i in 1 2; do
    # shellcheck disable=SC2046 # word splitting of the variant's env assignments is intended
    env PORT=$((3140 + i)) MANAGEMENT_PORT=$((9140 + i)) HOST=127.0.0.1 REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
      NODE_ID="streams-bench-$i" LOG_LEVEL=WARN SHUTDOWN_GRACE=10s $(variant_env "$1") \
      java $SERVER_JVM_OPTS -jar "$NODE_JAR" >"$LOGS/$2-node$i.log" 2>&1 &
    NODE_PIDS+=("$!")
    STARTED+=("$!")
  done
  wait_port 3141 "${NODE_PIDS[0]}" && wait_port 3142 "${NODE_PIDS[1]}"
  sleep 1
}
stop_nodes() {
  local pid
  for pid in "${NODE_PIDS[@]}"; do stop_pid "$pid"; done
  NODE_PIDS=()
}

generate() { # out-json label flags...
  local out=$1 label=$2; shift 2
  java $GENERATOR_JVM_OPTS -cp "$CP" io.roomcast.loadtests.generator.LoadGenerator \
    --target ws://127.0.0.1:3141,ws://127.0.0.1:3142 --protocol socketio --source-addresses "$SOURCES" \
    --server-pids "$(IFS=,; echo "${NODE_PIDS[*]}")" --aux-pids "$REDIS_PID" --label "$label" --out "$out" "$@" \
    >"$LOGS/generator-$(basename "$out" .json).log" 2>&1 &
  local generator=$!
  STARTED+=("$generator")
  wait "$generator" || log "$label: generator exited $? (see $LOGS)"
}

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$LOGS/redis.log" 2>&1 &
REDIS_PID=$!
STARTED+=("$REDIS_PID")
wait_port "$REDIS_PORT" "$REDIS_PID"

# ---- 1. memory per 10,000 entries -----------------------------------------------------------------------------------
if wants memory; then
  log "memory: stream-memory.py"
  python3 load-tests/bench/stream-memory.py --port "$REDIS_PORT" --rounds 3 --out "$OUT/stream-memory.json" >/dev/null
fi

# ---- 2. fan-out per variant, rounds rotating ------------------------------------------------------------------------
IFS=, read -r -a VARIANT_LIST <<<"$VARIANTS"
if wants fanout; then
  for round in $(seq 1 "$ROUNDS"); do
    shift_by=$(( (round - 1) % ${#VARIANT_LIST[@]} ))
    order=("${VARIANT_LIST[@]:$shift_by}" "${VARIANT_LIST[@]:0:$shift_by}")
    for variant in "${order[@]}"; do
      dir=$OUT/fanout/$variant/round-$round
      mkdir -p "$dir"
      log "fanout round $round: $variant (warm-up $WARM_UP)"
      if ! start_nodes "$variant" "$variant-r$round"; then
        log "$variant: nodes did not start (see $LOGS)"; stop_nodes; continue
      fi
      generate "$WORK/warmup.json" "$variant warm-up" "${FANOUT[@]}" --rate max --warmup "$WARM_UP" --duration 1s
      generate "$dir/saturation.json" "$variant saturation" "${FANOUT[@]}" --rate max
      rate=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(max(1.0, round(r['fanout']['publishPerSecond'] * 0.5, 1)))" "$dir/saturation.json" 2>/dev/null || echo 0)
      if [ "$rate" != 0 ]; then
        generate "$dir/rate50.json" "$variant rate50" "${FANOUT[@]}" --rate "$rate"
      fi
      stop_nodes
    done
  done
fi

# ---- 3. recovery storm ----------------------------------------------------------------------------------------------
metric() { # management-port metric-name -> value (sum over label sets)
  curl -s "http://127.0.0.1:$1/metrics" | awk -v m="$2" 'index($1, m) == 1 && $1 !~ /_created/ {s += $2} END {print s + 0}'
}
if wants recovery; then
  IFS=, read -r -a KILL_LIST <<<"$KILLS"
  mkdir -p "$OUT/recovery"
  for n in $(seq 1 "$STORMS"); do
    for how in "${KILL_LIST[@]}"; do
      tag=$how-$n
      log "recovery storm $tag: $STORM_CLIENTS clients on A, SIG${how^^} A"
      start_nodes redis-streams-recovery "storm-$tag" || { log "storm $tag: nodes did not start"; stop_nodes; continue; }
      # the same short warm-up for every storm: a saturating minute would dwarf the storm itself
      generate "$WORK/storm-warmup.json" "storm warm-up" --scenario fanout --connections 2000 --rooms 100 \
        --publishers 10 --rate max --warmup 15s --duration 1s
      replayed0=$(metric 9142 roomcast_recovery_replayed_packets_total)
      NODE_PATH=$CLIENT_MODULES node load-tests/bench/recovery-storm.js --a http://127.0.0.1:3141 \
        --b http://127.0.0.1:3142 --clients "$STORM_CLIENTS" --rooms "$STORM_ROOMS" --rate "$STORM_RATE" --flow 5 \
        --pid-b "${NODE_PIDS[1]}" --pid-redis "$REDIS_PID" --deadline 90 --out "$WORK/storm.json" \
        >"$LOGS/storm-$tag.log" 2>&1 &
      storm=$!
      STARTED+=("$storm")
      for _ in $(seq 1 1200); do grep -q STORM-READY "$LOGS/storm-$tag.log" && break; kill -0 "$storm" || break; sleep 0.1; done
      if [ "$how" = kill ]; then kill -KILL "${NODE_PIDS[0]}"; else kill -TERM "${NODE_PIDS[0]}"; fi
      wait "$storm" || log "storm $tag: not every client recovered (see $LOGS/storm-$tag.log)"
      replayed1=$(metric 9142 roomcast_recovery_replayed_packets_total)
      recovered=$(metric 9142 'roomcast_recoveries_total{namespace="/",node="streams-bench-2",result="recovered"}')
      python3 - "$WORK/storm.json" "$OUT/recovery/$tag.json" "$how" "$replayed0" "$replayed1" "$recovered" <<'PY' || true
import json, sys
r = json.load(open(sys.argv[1]))
r["signal"] = "SIG" + sys.argv[3].upper()
r["replayedPacketsOnB"] = float(sys.argv[5]) - float(sys.argv[4])
r["recoveriesCountedByB"] = float(sys.argv[6])
json.dump(r, open(sys.argv[2], "w"), indent=2)
PY
      stop_nodes
    done
  done
fi

# ---- summary --------------------------------------------------------------------------------------------------------
python3 - "$OUT" "$(nproc)" <<'PY' | tee "$OUT/summary.md"
import glob, json, os, statistics, sys
out, cpus = sys.argv[1], sys.argv[2]
med = statistics.median
def spread(v, fmt):
    return f"{fmt.format(med(v))} ({fmt.format(min(v))}–{fmt.format(max(v))})" if v else "—"
variants = [v for v in ("redis", "redis-streams", "redis-streams-recovery") if os.path.isdir(os.path.join(out, "fanout", v))]
if variants:
    print(f"Fan-out, 2 nodes + Redis, 2000 connections in 100 rooms × 20, 10 publishers; {cpus} CPUs. Median (min–max) of the rounds.\n")
    print("| measure | " + " | ".join(variants) + " |")
    print("|---|" + "---|" * len(variants))
    def load(v, case):
        return [json.load(open(f)) for f in sorted(glob.glob(os.path.join(out, "fanout", v, "round-*", case + ".json")))]
    rows = [
        ("rounds", lambda r: 1, "saturation", None),
        ("deliveries/s at saturation", lambda r: r["fanout"]["deliveriesPerSecond"], "saturation", "{:,.0f}"),
        ("messages/s at saturation", lambda r: r["fanout"]["publishPerSecond"], "saturation", "{:,.0f}"),
        ("server CPU per delivery, µs", lambda r: r["servers"]["cpuMicrosPerDelivery"], "saturation", "{:.2f}"),
        ("Redis CPU per message, µs", lambda r: r["aux"]["cpuSeconds"] * 1e6 / max(1, r["fanout"]["publishedInWindow"]), "saturation", "{:.1f}"),
        ("p99 at saturation, ms", lambda r: r["fanout"]["latencyMs"].get("p99", float("nan")), "saturation", "{:.1f}"),
        ("lost at saturation", lambda r: r["fanout"]["lostFromWindow"], "saturation", "{:.0f}"),
        ("50 % rate, deliveries/s", lambda r: r["fanout"]["deliveriesPerSecond"], "rate50", "{:,.0f}"),
        ("p50 at 50 %, ms", lambda r: r["fanout"]["latencyMs"].get("p50", float("nan")), "rate50", "{:.2f}"),
        ("p99 at 50 %, ms", lambda r: r["fanout"]["latencyMs"].get("p99", float("nan")), "rate50", "{:.2f}"),
        ("server CPU per delivery at 50 %, µs", lambda r: r["servers"]["cpuMicrosPerDelivery"], "rate50", "{:.2f}"),
        ("Redis CPU per message at 50 %, µs", lambda r: r["aux"]["cpuSeconds"] * 1e6 / max(1, r["fanout"]["publishedInWindow"]), "rate50", "{:.1f}"),
        ("lost at 50 %", lambda r: r["fanout"]["lostFromWindow"], "rate50", "{:.0f}"),
    ]
    for label, get, case, fmt in rows:
        cells = []
        for v in variants:
            rs = load(v, case)
            cells.append(str(len(rs)) if fmt is None else spread([get(r) for r in rs], fmt))
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()
storms = sorted(glob.glob(os.path.join(out, "recovery", "*.json")))
if storms:
    print("Recovery storms (ADAPTER=redis-streams, RECOVERY_MAX_DISCONNECTION=2m), one line per storm.\n")
    print("| storm | recovered / clients | not recovered | first→last disconnect, ms | first disconnect → last recovered, ms | per client p50 / p99, ms | first attempt → recovered p50 / p99, ms | replayed packets (B) | gaps / dups | CPU of B, s | Redis CPU, s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for f in storms:
        r = json.load(open(f))
        pc, pa = r["perClientDisconnectToRecoveredMs"], r.get("perClientFirstAttemptToRecoveredMs", {})
        print(f"| {os.path.basename(f)[:-5]} ({r['signal']}) | {r['recovered']} / {r['clients']} | {r['reconnectedNotRecovered']} | "
              f"{r['firstToLastDisconnectMs']} | {r['disconnectToLastRecoveredMs']} | {pc['p50']} / {pc['p99']} | "
              f"{pa.get('p50')} / {pa.get('p99')} | {r['replayedPacketsOnB']:.0f} | {r['deliveries']['gaps']} / {r['deliveries']['duplicates']} | "
              f"{r['nodeBCpuSecondsDuringStorm']} | {r['redisCpuSecondsDuringStorm']} |")
PY
log "done: $OUT"
