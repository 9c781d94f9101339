#!/usr/bin/env bash
# What one Redis pays per published Socket.IO message: Roomcast nodes beside Node.js socket.io nodes with the same
# Redis adapter, N nodes (2 and 4) behind one fresh redis-server, the same warm-up and the same load.
#
#   load-tests/bench/redis-cost/run.sh [--no-build] [--cases fanout,flood] [--systems roomcast,node]
#       [--adapters classic,streams] [--nodes 2,4] [--rounds 1] [--label after] [--roomcast-jar node-server.jar]
#       [--strace 0] [--flood-clients transport,lettuce,node-redis]
#
# fanout (below) is the Socket.IO case. flood takes Socket.IO out: N publisher connections (PublishFlood.java in
# modes transport = Roomcast's LettuceTransport, lettuce = plain lettuce async publish, one flush each; flood.js =
# node-redis), FLOOD_IN_FLIGHT (64) PUBLISHes outstanding each, 190-byte payloads over 500 channels, N pattern
# subscribers (redis-cli PSUBSCRIBE socket.io#/#*, as N classic-adapter nodes); same sampling as fanout.
#
# Per case (system x adapter x nodes x round): a fresh redis-server (127.0.0.1:6411, never 6379), N servers, the
# generator's fan-out load (1000 subscribers in 500 rooms + 50 publishers: 1050 clients, 3 members a room, publishers
# as fast as acks allow) for BENCH_WARM_UP unrecorded, then a second run of the same load during which Redis is
# sampled twice, WINDOW apart, once the load is steady:
#   - CPU: utime+stime of the redis-server pid from /proc/PID/stat
#   - messages: INFO commandstats calls of the adapter's message command (PUBLISH | XADD | SPUBLISH)
#   - bytes: INFO stats total_net_output_bytes / total_net_input_bytes
# and, when strace can attach, `strace -c` on the redis pid for --strace seconds after the window: read() calls per
# message (how many commands Redis gets per read). Writes load-tests/results/redis-cost/<label>/<case>.json;
# summarize.py turns them into SUMMARY tables. Loopback only, bounded (the generator has its own watchdog), every
# process it starts is stopped by pid on exit or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$(pwd)
HERE=$ROOT/load-tests/bench/redis-cost

BUILD=1
CASES=fanout
FLOOD_CLIENTS=transport,lettuce,node-redis
SYSTEMS=roomcast,node
ADAPTERS=classic,streams
NODES=2,4
ROUNDS=1
LABEL=run
ROOMCAST_JAR=
STRACE_SECONDS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --systems) SYSTEMS="$2"; shift ;;
    --adapters) ADAPTERS="$2"; shift ;;
    --nodes) NODES="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --label) LABEL="$2"; shift ;;
    --roomcast-jar) ROOMCAST_JAR="$2"; shift ;;
    --strace) STRACE_SECONDS="$2"; shift ;;
    --cases) CASES="$2"; shift ;;
    --flood-clients) FLOOD_CLIENTS="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
log() { echo "[redis-cost $(date -u +%H:%M:%S)] $*" >&2; }

OUT=${REDIS_COST_OUT:-$ROOT/load-tests/results/redis-cost}/$LABEL
LOGS=$ROOT/load-tests/bench/logs/redis-cost
mkdir -p "$OUT" "$LOGS"
REDIS_PORT=${REDIS_COST_PORT:-6411}
[ "$REDIS_PORT" != 6379 ] || { echo "not on 6379" >&2; exit 2; }
SERVER_JVM_OPTS=${SERVER_JVM_OPTS:--Xms256m -Xmx512m}
GENERATOR_JVM_OPTS=${GENERATOR_JVM_OPTS:--Xms512m -Xmx1g}
WARM_UP=${BENCH_WARM_UP:-30s}
SETTLE=${SETTLE:-3}    # seconds of steady load before the first sample
WINDOW=${WINDOW:-20}   # seconds between the two samples
LOAD=(--scenario fanout --connections 1000 --rooms 500 --publishers 50 --rate max)
SOURCES=127.0.0.2-127.0.0.9
BASE_PORT=3250

# ---- adapters: one case per adapter and system; sharded = the dynamic subscription mode (both defaults) ----------------
adapter_env() { # system adapter -> env assignments of one server process
  case "$1:$2" in
    roomcast:classic) echo "ADAPTER=redis" ;;
    roomcast:streams) echo "ADAPTER=redis-streams" ;;
    roomcast:sharded) echo "ADAPTER=redis-sharded" ;;
    roomcast:sharded-static) echo "ADAPTER=redis-sharded SUBSCRIPTION_MODE=static" ;;
    roomcast:sharded-private) echo "ADAPTER=redis-sharded SUBSCRIPTION_MODE=dynamic-private" ;;
    node:classic) echo "ADAPTER=redis" ;;
    node:streams) echo "ADAPTER=redis-streams" ;;
    node:sharded) echo "ADAPTER=redis-sharded" ;;
    node:sharded-static) echo "ADAPTER=redis-sharded SUBSCRIPTION_MODE=static" ;;
    node:sharded-private) echo "ADAPTER=redis-sharded SUBSCRIPTION_MODE=dynamic-private" ;;
    *) echo "unknown system:adapter $1:$2" >&2; return 1 ;;
  esac
}
message_command() { # adapter -> the Redis command that carries one broadcast
  case "$1" in
    classic) echo publish ;;
    streams) echo xadd ;;
    sharded*) echo spublish ;;
  esac
}

# ---- build ------------------------------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  log "building node-server and load-tests (package, no install)"
  mvn -B -q package -DskipTests -pl node-server,load-tests -am >/dev/null
fi
WORK=$(mktemp -d)
CP_FILE=$WORK/cp.txt
mvn -B -q package -DskipTests -Dmaven.main.skip -pl load-tests -am dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$CP_FILE" >/dev/null
# private copies: a build elsewhere in this checkout cannot rewrite the jar or classes under running processes
cp "${ROOMCAST_JAR:-node-server/target/node-server.jar}" "$WORK/node-server.jar"
mkdir -p "$WORK/jars"
CP=$WORK/classes
cp -r load-tests/target/classes "$WORK/classes"
for jar in $(tr ':' '\n' <"$CP_FILE"); do
  case "$jar" in
    "$ROOT"/*) cp "$jar" "$WORK/jars/"; CP="$CP:$WORK/jars/$(basename "$jar")" ;;
    *) CP="$CP:$jar" ;;
  esac
done
NODE_DIR=$ROOT/load-tests/bench/node
if [[ ",$SYSTEMS," == *",node,"* ]] && [ ! -d "$NODE_DIR/node_modules/@socket.io/redis-streams-adapter" ]; then
  (cd "$NODE_DIR" && npm ci --no-audit --no-fund >/dev/null)
fi

# ---- processes --------------------------------------------------------------------------------------------------------
STARTED=()
SERVER_PIDS=()
REDIS_PID=
stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
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

start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$LOGS/redis-$1.log" 2>&1 &
  REDIS_PID=$!
  STARTED+=("$REDIS_PID")
  wait_port "$REDIS_PORT" "$REDIS_PID"
}

start_servers() { # system adapter count tag
  SERVER_PIDS=()
  local env_of i port
  env_of=$(adapter_env "$1" "$2") || return 1
  for i in $(seq 1 "$3"); do
    port=$((BASE_PORT + i))
    # shellcheck disable=SC2086 # word splitting of the adapter's env assignments is intended
    case "$1" in
      roomcast) env PORT=$port MANAGEMENT_PORT=$((port + 100)) HOST=127.0.0.1 REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
          NODE_ID="redis-cost-$i" LOG_LEVEL=WARN $env_of java $SERVER_JVM_OPTS -jar "$WORK/node-server.jar" \
          >"$LOGS/$4-server$i.log" 2>&1 & ;;
      node) env PORT=$port REDIS_URL="redis://127.0.0.1:$REDIS_PORT" $env_of node "$NODE_DIR/server.js" \
          >"$LOGS/$4-server$i.log" 2>&1 & ;;
    esac
    SERVER_PIDS+=("$!")
    STARTED+=("$!")
  done
  for i in $(seq 1 "$3"); do wait_port $((BASE_PORT + i)) "${SERVER_PIDS[$((i - 1))]}" || return 1; done
}

stop_case() {
  local pid
  for pid in "${SERVER_PIDS[@]}" $REDIS_PID; do stop_pid "$pid"; done
  SERVER_PIDS=()
  REDIS_PID=
}

targets() { local i t=; for i in $(seq 1 "$1"); do t="$t${t:+,}ws://127.0.0.1:$((BASE_PORT + i))"; done; echo "$t"; }

generator() { # out-json label nodes duration warmup -> runs in the background, sets GENERATOR_PID
  java $GENERATOR_JVM_OPTS -cp "$CP" io.roomcast.loadtests.generator.LoadGenerator \
    --target "$(targets "$3")" --protocol socketio --source-addresses "$SOURCES" \
    --server-pids "$(IFS=,; echo "${SERVER_PIDS[*]}")" --aux-pids "$REDIS_PID" --label "$2" --out "$1" \
    "${LOAD[@]}" --duration "$4" --warmup "$5" >"$LOGS/generator-$(basename "$1" .json).log" 2>&1 &
  GENERATOR_PID=$!
  STARTED+=("$GENERATOR_PID")
}

sample() { # file: one JSON line of what Redis has done so far
  python3 "$HERE/sample.py" --port "$REDIS_PORT" --pid "$REDIS_PID" >"$1"
}

calls() { # command -> calls so far
  redis-cli -p "$REDIS_PORT" info commandstats | awk -F'[:=,]' -v c="cmdstat_$1" '$1 == c {print $3; f=1} END {if (!f) print 0}'
}

measure_case() { # system adapter nodes round
  local tag="$1-$2-$3n-r$4" command first
  command=$(message_command "$2")
  log "$tag: fresh redis, $3 $1 servers ($2), warm-up $WARM_UP"
  start_redis "$tag"
  if ! start_servers "$1" "$2" "$3" "$tag"; then log "$tag: servers did not start (see $LOGS)"; stop_case; return 0; fi
  generator "$WORK/warmup.json" "$tag warm-up" "$3" 1s "$WARM_UP"
  wait "$GENERATOR_PID" || log "$tag: warm-up generator exited $?"
  local strace_s=0
  [ "$STRACE_SECONDS" -gt 0 ] && strace -V >/dev/null 2>&1 && strace_s=$STRACE_SECONDS
  generator "$OUT/$tag.generator.json" "$tag" "$3" "$((SETTLE + WINDOW + strace_s + 5))s" 2s
  first=$(calls "$command")
  for _ in $(seq 1 600); do # until the measured run's publishers are busy (connect + join take a few seconds)
    [ "$(calls "$command")" -gt $((first + 1000)) ] && break
    kill -0 "$GENERATOR_PID" 2>/dev/null || break
    sleep 0.1
  done
  sleep "$SETTLE"
  sample "$WORK/a.json"
  sleep "$WINDOW"
  sample "$WORK/b.json"
  if [ "$strace_s" -gt 0 ]; then
    sample "$WORK/c.json"
    timeout -s INT "$strace_s" strace -c -f -p "$REDIS_PID" -o "$WORK/strace.txt" >/dev/null 2>&1 || true
    sample "$WORK/d.json"
  fi
  wait "$GENERATOR_PID" || log "$tag: generator exited $?"
  local strace_args=()
  [ "$strace_s" -gt 0 ] && strace_args=(--strace-start "$WORK/c.json" --strace-end "$WORK/d.json" --strace "$WORK/strace.txt")
  python3 "$HERE/sample.py" --report --system "$1" --adapter "$2" --nodes "$3" --round "$4" --label "$LABEL" \
    --command "$command" --window-start "$WORK/a.json" --window-end "$WORK/b.json" \
    "${strace_args[@]}" \
    --generator "$OUT/$tag.generator.json" --server-version "$(server_version "$1")" >"$OUT/$tag.json"
  log "$tag: $(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("%.2f us/msg, %.0f B out/msg, %.0f msg/s" % (r["redisCpuMicrosPerMessage"], r["redisBytesOutPerMessage"], r["messagesPerSecond"]))' "$OUT/$tag.json")"
  stop_case
}

server_version() {
  case "$1" in
    roomcast) unzip -p "$WORK/node-server.jar" META-INF/MANIFEST.MF 2>/dev/null | awk -F': ' '/Implementation-Version/ {gsub("\r", ""); print $2}' | head -1 ;;
    node) (cd "$NODE_DIR" && node -e 'const v = (p) => require(p + "/package.json").version; console.log(`node ${process.version}, socket.io ${v("socket.io")}, @socket.io/redis-adapter ${v("@socket.io/redis-adapter")}, @socket.io/redis-streams-adapter ${v("@socket.io/redis-streams-adapter")}, redis ${v("redis")}`)') ;;
  esac
}

FLOOD_IN_FLIGHT=${FLOOD_IN_FLIGHT:-64}
FLOOD_WARM_UP=${FLOOD_WARM_UP:-10}
flood_client() { # client nodes seconds -> runs in the background, sets FLOOD_PID
  case "$1" in
    transport|lettuce) java $GENERATOR_JVM_OPTS -cp "$CP" io.roomcast.loadtests.rediscost.PublishFlood "$1" \
        "$REDIS_PORT" "$3" "$FLOOD_IN_FLIGHT" "$2" 190 500 ;;
    node-redis) (cd "$NODE_DIR" && exec node "$HERE/flood.js" "$REDIS_PORT" "$3" "$FLOOD_IN_FLIGHT" "$2" 190 500) ;;
    *) echo "unknown flood client $1" >&2; return 1 ;;
  esac >"$LOGS/flood-$1-$2.out" 2>&1 &
  FLOOD_PID=$!
  STARTED+=("$FLOOD_PID")
}
flood_case() { # client nodes round
  local tag="flood-$1-$2n-r$3" i first
  log "$tag: fresh redis, $2 pattern subscribers, $2 $1 publishers"
  start_redis "$tag"
  SERVER_PIDS=()
  for i in $(seq 1 "$2"); do
    redis-cli -p "$REDIS_PORT" psubscribe 'socket.io#/#*' >/dev/null 2>&1 &
    SERVER_PIDS+=("$!")
    STARTED+=("$!")
  done
  flood_client "$1" "$2" "$FLOOD_WARM_UP"
  wait "$FLOOD_PID" || log "$tag: warm-up flood exited $?"
  flood_client "$1" "$2" $((SETTLE + WINDOW + 4))
  first=$(calls publish)
  for _ in $(seq 1 300); do
    [ "$(calls publish)" -gt $((first + 1000)) ] && break
    sleep 0.1
  done
  sleep "$SETTLE"
  sample "$WORK/a.json"
  sleep "$WINDOW"
  sample "$WORK/b.json"
  wait "$FLOOD_PID" || log "$tag: flood exited $?"
  python3 "$HERE/sample.py" --report --system "$1" --adapter flood --nodes "$2" --round "$3" --label "$LABEL" \
    --command publish --window-start "$WORK/a.json" --window-end "$WORK/b.json" \
    --server-version "$(flood_version "$1")" >"$OUT/$tag.json"
  log "$tag: $(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("%.2f us/msg, %.1f msg/read, %.0f msg/s, redis %.0f%% of a core" % (r["redisCpuMicrosPerMessage"], r["messagesPerReadSyscall"], r["messagesPerSecond"], 100 * r["redisCpuShareOfOneCore"]))' "$OUT/$tag.json")"
  stop_case
}
flood_version() {
  case "$1" in
    transport) echo "LettuceTransport (this checkout), lettuce 7.7.0" ;;
    lettuce) echo "lettuce 7.7.0 async publish" ;;
    node-redis) (cd "$NODE_DIR" && node -e 'console.log(`node ${process.version}, redis ${require("redis/package.json").version}`)') ;;
  esac
}
wants() { [[ ",$CASES," == *",$1,"* ]]; }

IFS=, read -r -a SYSTEM_LIST <<<"$SYSTEMS"
IFS=, read -r -a ADAPTER_LIST <<<"$ADAPTERS"
IFS=, read -r -a NODE_LIST <<<"$NODES"
IFS=, read -r -a FLOOD_LIST <<<"$FLOOD_CLIENTS"
for round in $(seq 1 "$ROUNDS"); do
  wants flood || break
  for nodes in "${NODE_LIST[@]}"; do
    for client in "${FLOOD_LIST[@]}"; do flood_case "$client" "$nodes" "$round"; done
  done
done
for round in $(seq 1 "$ROUNDS"); do
  wants fanout || break
  for adapter in "${ADAPTER_LIST[@]}"; do
    for nodes in "${NODE_LIST[@]}"; do
      # rotate which system goes first, so neither always runs on the cooler machine
      if [ $((round % 2)) = 0 ]; then order=($(printf '%s\n' "${SYSTEM_LIST[@]}" | tac)); else order=("${SYSTEM_LIST[@]}"); fi
      for system in "${order[@]}"; do measure_case "$system" "$adapter" "$nodes" "$round"; done
    done
  done
done
python3 "$HERE/summarize.py" "$OUT" >"$OUT/summary.md"
log "wrote $OUT"
