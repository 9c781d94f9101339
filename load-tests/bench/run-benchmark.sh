#!/usr/bin/env bash
# Issue 6 benchmark, one command: Roomcast (2 nodes + Redis) beside Node.js socket.io 4.8 + redis-adapter (2 processes),
# netty-socketio 2.0.14 + RedissonStoreFactory (2 nodes) and a raw-Netty WebSocket broadcast server (1 node), all
# driven by the same JVM load generator in one session. Writes load-tests/results/bench-<system>-<scenario>.{json,svg}
# and the issue-6 section of BENCHMARKS.md.
#
#   load-tests/bench/run-benchmark.sh [--quick] [--no-build] [--systems roomcast,node,nettysocketio,raw]
#                                     [--cases saturation,rates,scaling,overload,idle,connect,small]
#
# --quick: seconds per scenario and small counts (proves the pipeline; not a benchmark).
# --cases: re-run some cases only; the other results stay as they are (rates need the saturation results).
#   small (not in the default list): many small rooms (500 rooms of 3 subscribers, BENCH_SMALL_ROOMS/_SUBSCRIBERS),
#   saturation, then fixed rates at 25 and 50 % of Node's saturation in that shape (Node runs first; without it,
#   of the first system's); bench-<system>-small-{saturation,rate25,rate50}.json, each with a .load file (uptime
#   before and after: other work on the machine). BENCH_SMALL_REFERENCE=<messages/s> fixes the reference instead;
#   BENCH_NODE_JAR and BENCH_NODE_ENV (e.g. NETTY_TRANSPORT=nio) change the Roomcast nodes for a before/after.
# Loopback only; every process it starts is stopped on exit (by pid).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

QUICK=0
BUILD=1
SYSTEMS="roomcast,node,nettysocketio,raw"
CASES="saturation,rates,scaling,overload,idle,connect"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --no-build) BUILD=0 ;;
    --systems) SYSTEMS="$2"; shift ;;
    --cases) CASES="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

RESULTS=${BENCH_RESULTS:-$ROOT/load-tests/results} # another directory keeps a before/after apart
LOGS=$ROOT/load-tests/bench/logs
mkdir -p "$RESULTS" "$LOGS"
REDIS_PORT=${BENCH_REDIS_PORT:-6391}
SERVER_JVM_OPTS=${SERVER_JVM_OPTS:--Xms256m -Xmx1g}
GENERATOR_JVM_OPTS=${GENERATOR_JVM_OPTS:--Xms512m -Xmx1g}
SOURCES=127.0.0.2-127.0.0.9

if [ "$QUICK" = 1 ]; then
  WARMUP=1s; DURATION=3s
  SAT_CONNECTIONS=200; SAT_ROOMS=10; PUBLISHERS=4
  IDLE_SMALL=500; IDLE_LARGE=1000; IDLE_HOLD=2s
  CONNECT_N=500
  SCALE_ROOMS_CONNECTIONS=200; SCALE_ROOMS="1 10 100"
  SCALE_SUBS_ROOMS=4; SCALE_SUBS="10 50 100"
  WARM_UP=2s
else
  WARMUP=5s; DURATION=20s
  SAT_CONNECTIONS=2000; SAT_ROOMS=100; PUBLISHERS=10
  IDLE_SMALL=5000; IDLE_LARGE=19000; IDLE_HOLD=10s
  CONNECT_N=10000
  SCALE_ROOMS_CONNECTIONS=10000; SCALE_ROOMS="1 100 10000"
  SCALE_SUBS_ROOMS=10; SCALE_SUBS="10 100 1000"
  WARM_UP=${BENCH_WARM_UP:-45s}
  SMALL_ROOMS=${BENCH_SMALL_ROOMS:-500}; SMALL_SUBSCRIBERS=${BENCH_SMALL_SUBSCRIBERS:-3}
fi

log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }
wants() { [[ ",$CASES," == *",$1,"* ]]; }
NOTE=${BENCH_NOTE:-}
[ "$CASES" = "saturation,rates,scaling,overload,idle,connect" ] \
  || NOTE="${NOTE:+$NOTE; }this run re-measured only: $CASES (the other tables are from the run before it)"

# ---- build ----------------------------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  log "building node-server and load-tests"
  mvn -B -q install -DskipTests -pl node-server,load-tests -am
fi
[ -f node-server/target/node-server.jar ] || { echo "node-server/target/node-server.jar missing: build it" >&2; exit 1; }
# A private copy: a build running elsewhere cannot rewrite the jar under the running nodes.
WORK=$(mktemp -d)
NODE_JAR=$WORK/node-server.jar
cp "${BENCH_NODE_JAR:-node-server/target/node-server.jar}" "$NODE_JAR"
if [ ! -d load-tests/bench/node/node_modules ]; then
  log "npm ci in load-tests/bench/node"
  (cd load-tests/bench/node && npm ci --no-audit --no-fund)
fi
CP_FILE=$(mktemp)
mvn -B -q -o -pl load-tests dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
# Private copies of the classes too: other builds in this checkout may recompile load-tests/target meanwhile.
cp -r load-tests/target/classes "$WORK/classes"
CLASSPATH_LT="$WORK/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"

# ---- process handling -----------------------------------------------------------------------------------------------
STARTED=()
SERVER_PIDS=()
stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
  for pid in "${STARTED[@]}"; do stop_pid "$pid"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_port() { # port [pid that must stay alive]
  local port=$1 pid=${2:-}
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid exited before listening on $port" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$port after 60 s" >&2
  return 1
}

start() { # name port command...
  local name=$1 port=$2; shift 2
  "$@" >"$LOGS/$name.log" 2>&1 &
  local pid=$!
  STARTED+=("$pid")
  SERVER_PIDS+=("$pid")
  wait_port "$port" "$pid" || { tail -n 20 "$LOGS/$name.log" >&2; return 1; }
}

start_system() {
  SERVER_PIDS=()
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  case "$1" in
    roomcast)
      for i in 1 2; do
        start "roomcast-$i" $((3100 + i)) env PORT=$((3100 + i)) MANAGEMENT_PORT=$((9100 + i)) HOST=127.0.0.1 \
          REDIS_URL="redis://127.0.0.1:$REDIS_PORT" NODE_ID="bench-$i" LOG_LEVEL=WARN ${BENCH_NODE_ENV:-} \
          java $SERVER_JVM_OPTS -jar "$NODE_JAR"
      done
      TARGETS=ws://127.0.0.1:3101,ws://127.0.0.1:3102; PROTOCOL=socketio ;;
    node)
      for i in 1 2; do
        start "node-$i" $((3110 + i)) env PORT=$((3110 + i)) REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
          node load-tests/bench/node/server.js
      done
      TARGETS=ws://127.0.0.1:3111,ws://127.0.0.1:3112; PROTOCOL=socketio ;;
    nettysocketio)
      for i in 1 2; do
        start "nettysocketio-$i" $((3120 + i)) env PORT=$((3120 + i)) REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
          java $SERVER_JVM_OPTS -cp "$CLASSPATH_LT" io.roomcast.loadtests.bench.NettySocketIoChatServer
      done
      TARGETS=ws://127.0.0.1:3121,ws://127.0.0.1:3122; PROTOCOL=socketio ;;
    raw)
      start raw 3131 java $SERVER_JVM_OPTS -cp "$CLASSPATH_LT" io.roomcast.loadtests.bench.RawNettyBroadcastServer 3131
      TARGETS=ws://127.0.0.1:3131; PROTOCOL=raw ;;
    *) echo "unknown system $1" >&2; exit 2 ;;
  esac
  sleep 1
}

stop_system() {
  for pid in "${SERVER_PIDS[@]}"; do stop_pid "$pid"; done
  SERVER_PIDS=()
}

# generate system scenario-name generator-flags...: one generator run against the servers already started.
generate() {
  local system=$1 name=$2; shift 2
  local pids aux=""
  pids=$(IFS=,; echo "${SERVER_PIDS[*]}")
  [ "$system" != raw ] && aux=$REDIS_PID
  log "$system $name: $*"
  java $GENERATOR_JVM_OPTS -cp "$CLASSPATH_LT" io.roomcast.loadtests.generator.LoadGenerator \
    --target "$TARGETS" --protocol "$PROTOCOL" --source-addresses "$SOURCES" \
    --server-pids "$pids" --aux-pids "$aux" --label "$system $name" \
    --out "$RESULTS/bench-$system-$name.json" --chart "$RESULTS/bench-$system-$name.svg" "$@" \
    >"$LOGS/generator-$system-$name.log" 2>&1 &
  local generator=$!
  STARTED+=("$generator")
  uptime >"$RESULTS/bench-$system-$name.load"
  # wait (not a foreground child) so that Ctrl-C / SIGTERM reach the trap at once
  wait "$generator" || log "$system $name: generator exited $? (see $LOGS/generator-$system-$name.log)"
  uptime >>"$RESULTS/bench-$system-$name.load"
}

# run_case system scenario-name generator-flags...: fresh servers for one case (memory and connect cases, where
# an earlier case's heap or backlog must not count).
run_case() {
  if start_system "$1"; then
    generate "$@"
  else
    log "$1 $2: servers did not start (see $LOGS), skipped"
  fi
  stop_system
}

# warm_up system: a JIT compiler is still busy ~40 s into a saturating load on these 2 cores (jstat -compiler), so
# every system gets the same unrecorded saturation run before the cases measured on its warm processes.
warm_up() {
  log "$1: warm-up, ${WARM_UP} of saturating load (not recorded)"
  generate "$1" warmup "${FANOUT[@]}" --connections "$SAT_CONNECTIONS" --rooms "$SAT_ROOMS" --rate max \
    --warmup "$WARM_UP" --duration 1s
  rm -f "$RESULTS/bench-$1-warmup.json" "$RESULTS/bench-$1-warmup.svg"
}

json_field() { # file python-expression-on-r
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1"
}

# ---- session --------------------------------------------------------------------------------------------------------
forget() { # file-name suffixes of the cases about to run
  for system in "${SYSTEM_LIST[@]}"; do
    # shellcheck disable=SC2086 # $suffix may be a glob
    for suffix in "$@"; do rm -f "$RESULTS/bench-$system-"$suffix.json "$RESULTS/bench-$system-"$suffix.svg; done
  done
}
IFS=, read -r -a SYSTEM_LIST <<<"$SYSTEMS"
wants saturation && forget saturation
wants rates && forget rate25 rate50 rate75
wants scaling && forget 'rooms-*' 'subs-*'
wants overload && forget overload
wants idle && forget idle-small idle-large
wants connect && forget connect
wants small && forget 'small-*'
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$LOGS/redis.log" 2>&1 &
REDIS_PID=$!
STARTED+=("$REDIS_PID")
wait_port "$REDIS_PORT" "$REDIS_PID"

FANOUT=(--scenario fanout --warmup "$WARMUP" --duration "$DURATION" --publishers "$PUBLISHERS")

# 1. saturation of every system first, on warm processes: the fixed rates come from the slowest one
for system in "${SYSTEM_LIST[@]}"; do
  wants saturation || break
  if start_system "$system"; then
    warm_up "$system"
    generate "$system" saturation "${FANOUT[@]}" --connections "$SAT_CONNECTIONS" --rooms "$SAT_ROOMS" --rate max
  else
    log "$system: servers did not start (see $LOGS), skipped"
  fi
  stop_system
done
SLOWEST=$(python3 - "$RESULTS" "${SYSTEM_LIST[@]}" <<'PY'
import json, sys, os
rates = []
for system in sys.argv[2:]:
    path = os.path.join(sys.argv[1], f"bench-{system}-saturation.json")
    if os.path.exists(path):
        rate = json.load(open(path))["fanout"]["publishPerSecond"]
        if rate > 0:
            rates.append(rate)
print(min(rates) if rates else 0)
PY
)
log "slowest saturation: $SLOWEST messages/s"

for system in "${SYSTEM_LIST[@]}"; do
  # 2-4 on warm processes; overload last, as it leaves backlog behind
  if { wants rates || wants scaling || wants overload; } && start_system "$system"; then
    warm_up "$system"
    # 2. latency at 25/50/75 % of the slowest system's saturation rate
    if wants rates && python3 -c "import sys; sys.exit(0 if float('$SLOWEST') > 0 else 1)"; then
      for pct in 25 50 75; do
        rate=$(python3 -c "print(round(float('$SLOWEST') * $pct / 100, 1))")
        generate "$system" "rate$pct" "${FANOUT[@]}" --connections "$SAT_CONNECTIONS" --rooms "$SAT_ROOMS" --rate "$rate"
      done
    fi
    # 3. scaling with rooms, then with subscribers per room
    if wants scaling; then
      for rooms in $SCALE_ROOMS; do
        generate "$system" "rooms-$rooms" "${FANOUT[@]}" --connections "$SCALE_ROOMS_CONNECTIONS" --rooms "$rooms" \
          --rate max
      done
      for subs in $SCALE_SUBS; do
        generate "$system" "subs-$subs" "${FANOUT[@]}" --connections $((subs * SCALE_SUBS_ROOMS)) \
          --rooms "$SCALE_SUBS_ROOMS" --rate max
      done
    fi
    # 4. overload: 150 % of this system's own saturation rate
    own="$RESULTS/bench-$system-saturation.json"
    if wants overload && [ -f "$own" ]; then
      rate=$(json_field "$own" 'max(1.0, round(r["fanout"]["publishPerSecond"] * 1.5, 1))')
      generate "$system" overload "${FANOUT[@]}" --connections "$SAT_CONNECTIONS" --rooms "$SAT_ROOMS" --rate "$rate"
    fi
  elif wants rates || wants scaling || wants overload; then
    log "$system: servers did not start (see $LOGS), skipped"
  fi
  stop_system
  # 5. memory per idle connection, on fresh processes
  if wants idle; then
    run_case "$system" idle-small --scenario idle --connections "$IDLE_SMALL" --duration "$IDLE_HOLD" --heap-probe true
    run_case "$system" idle-large --scenario idle --connections "$IDLE_LARGE" --duration "$IDLE_HOLD" --heap-probe true
  fi
  # 6. connections/s on fresh processes, after one unrecorded round of the same connects (JVMs compile the
  #    handshake path during the first thousands)
  if wants connect; then
    if start_system "$system"; then
      generate "$system" connect-warmup --scenario connect --connections "$CONNECT_N" --duration 1s \
        --connect-concurrency 200
      rm -f "$RESULTS/bench-$system-connect-warmup.json" "$RESULTS/bench-$system-connect-warmup.svg"
      generate "$system" connect --scenario connect --connections "$CONNECT_N" --duration 1s --connect-concurrency 200
    else
      log "$system connect: servers did not start (see $LOGS), skipped"
    fi
    stop_system
  fi
done

# 7. small rooms: saturation, then fixed rates at 25/50 % of Node's saturation in the same shape, on warm processes
if wants small; then
  SMALL=(--connections $((SMALL_ROOMS * SMALL_SUBSCRIBERS)) --rooms "$SMALL_ROOMS")
  SMALL_ORDER=()
  [[ ",$SYSTEMS," == *",node,"* ]] && SMALL_ORDER+=(node)
  for system in "${SYSTEM_LIST[@]}"; do [ "$system" = node ] || SMALL_ORDER+=("$system"); done
  SMALL_REFERENCE=${BENCH_SMALL_REFERENCE:-} # messages/s; set it to re-run a system against an earlier Node run
  for system in "${SMALL_ORDER[@]}"; do
    if ! start_system "$system"; then
      log "$system small: servers did not start (see $LOGS), skipped"
      stop_system
      continue
    fi
    log "$system: warm-up, ${WARM_UP} of saturating load in small rooms (not recorded)"
    generate "$system" small-warmup "${FANOUT[@]}" "${SMALL[@]}" --rate max --warmup "$WARM_UP" --duration 1s
    rm -f "$RESULTS/bench-$system-small-warmup."*
    generate "$system" small-saturation "${FANOUT[@]}" "${SMALL[@]}" --rate max
    own="$RESULTS/bench-$system-small-saturation.json"
    if [ -z "$SMALL_REFERENCE" ] && [ -f "$own" ]; then
      SMALL_REFERENCE=$(json_field "$own" 'r["fanout"]["publishPerSecond"]')
      log "small rooms: fixed rates relative to $system's saturation, $SMALL_REFERENCE messages/s"
    fi
    if [ -n "$SMALL_REFERENCE" ]; then
      for pct in 25 50; do
        rate=$(python3 -c "print(max(1.0, round(float('$SMALL_REFERENCE') * $pct / 100, 1)))")
        generate "$system" "small-rate$pct" "${FANOUT[@]}" "${SMALL[@]}" --rate "$rate"
      done
    fi
    stop_system
  done
fi

# ---- report ---------------------------------------------------------------------------------------------------------
if [ "$CASES" = small ]; then
  log "done: $RESULTS/bench-*-small-*.json (the issue-6 section of BENCHMARKS.md is left as it is)"
  exit 0
fi
SOCKETIO_VERSION=$(node -p "require('./load-tests/bench/node/node_modules/socket.io/package.json').version")
ADAPTER_VERSION=$(node -p "require('./load-tests/bench/node/node_modules/@socket.io/redis-adapter/package.json').version")
python3 - "$RESULTS/bench-meta.json" <<PY
import json, sys, subprocess, platform, datetime
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown CPU")
mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
redis = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout.split()[2]
node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
json.dump({
  "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
  "machine": f"{cpu}, {nproc} CPUs (nproc), {mem // 1024} MiB RAM, Linux {platform.release()}",
  "versions": f"Roomcast {commit}, {java}, Netty 4.2.18.Final, netty-socketio 2.0.14, redisson 4.1.0, "
              f"Node.js {node}, socket.io ${SOCKETIO_VERSION}, @socket.io/redis-adapter ${ADAPTER_VERSION}, redis-server {redis}",
  "quick": ${QUICK} == 1,
  "note": "${NOTE}",
  "saturation": "${SAT_ROOMS} rooms x $((SAT_CONNECTIONS / SAT_ROOMS)) subscribers, ${PUBLISHERS} publishers, ${DURATION} after ${WARMUP} warm-up",
  "scaleRoomsConnections": "${SCALE_ROOMS_CONNECTIONS}",
  "scaleSubsRooms": "${SCALE_SUBS_ROOMS}",
}, open(sys.argv[1], "w"), indent=2)
PY
java -cp "$CLASSPATH_LT" io.roomcast.loadtests.bench.BenchmarkReport "$RESULTS" BENCHMARKS.md
log "done: $RESULTS/bench-*.json, BENCHMARKS.md"
