#!/usr/bin/env bash
# Starts a local Roomcast cluster without Docker: Redis, N socket nodes, HAProxy in front (sticky sessions) and,
# when the `prometheus` binary is on the PATH, Prometheus scraping every node. Ctrl-C stops every process it started.
#
# Every setting is an environment variable or the matching --flag (--lb-port=8081 is LB_PORT=8081); run with --help.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)

usage() {
  cat <<'EOF'
Usage: deploy/local-cluster.sh [--flag=value ...]

  --nodes=N                  NODES                 socket nodes to start (3)
  --lb-port=P                LB_PORT               HAProxy port for clients and the demo page (8080)
  --lb-mode=MODE             LB_MODE               sticky (cookie SERVERID) or roundrobin (NOT sticky: shows the
                                                   failure of polling without stickiness) (sticky)
  --node-base-port=P         NODE_BASE_PORT        node i listens on P+i-1 (3001)
  --management-base-port=P   MANAGEMENT_BASE_PORT  node i's management port is P+i-1 (9101)
  --stats-port=P             STATS_PORT            HAProxy statistics page (8404)
  --redis-url=URL            REDIS_URL             use this Redis; unset: start redis-server on REDIS_PORT
  --redis-port=P             REDIS_PORT            port of the redis-server started here (first free from 6380)
  --prometheus-port=P        PROMETHEUS_PORT       Prometheus, started only if `prometheus` is on the PATH (9090)
  --prometheus=auto|off      PROMETHEUS            off: never start Prometheus (auto)
  --node-command=CMD         NODE_COMMAND          command that runs one node (java -jar node-server/target/node-server.jar,
                                                   built with Maven if missing)
  --work-dir=DIR             WORK_DIR              configs, logs and data (a new temporary directory, removed on exit)

Every other variable (PING_INTERVAL, JWT_SECRET, LOG_LEVEL, ...) is passed to the nodes unchanged.
All processes listen on 127.0.0.1 only.
EOF
}

for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    --*=*)
      name=${arg%%=*}; name=${name#--}; name=${name//-/_}; name=${name^^}
      case "$name" in
        NODES|LB_PORT|LB_MODE|NODE_BASE_PORT|MANAGEMENT_BASE_PORT|STATS_PORT|REDIS_URL|REDIS_PORT|PROMETHEUS_PORT|\
        PROMETHEUS|NODE_COMMAND|WORK_DIR) printf -v "$name" '%s' "${arg#*=}" ;;
        *) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
      esac ;;
    *) echo "unknown argument: $arg (see --help)" >&2; exit 2 ;;
  esac
done

NODES=${NODES:-3}
LB_PORT=${LB_PORT:-8080}
LB_MODE=${LB_MODE:-sticky}
NODE_BASE_PORT=${NODE_BASE_PORT:-3001}
MANAGEMENT_BASE_PORT=${MANAGEMENT_BASE_PORT:-9101}
STATS_PORT=${STATS_PORT:-8404}
REDIS_URL=${REDIS_URL:-}
REDIS_PORT=${REDIS_PORT:-}
PROMETHEUS_PORT=${PROMETHEUS_PORT:-9090}
PROMETHEUS=${PROMETHEUS:-auto}
NODE_COMMAND=${NODE_COMMAND:-}
ALERT_RULES="$REPO_ROOT/helm/roomcast/files/alerts/roomcast-alerts.yml"

fail() { echo "local-cluster: $*" >&2; exit 1; }
log() { echo "local-cluster: $*" >&2; }

is_port_number() { [[ "$1" =~ ^[0-9]+$ ]] && (( $1 > 0 && $1 < 65536 )); }
if ! [[ "$NODES" =~ ^[0-9]+$ ]] || ((NODES < 1)); then fail "NODES must be a positive number, got '$NODES'"; fi
[[ "$LB_MODE" == sticky || "$LB_MODE" == roundrobin ]] || fail "LB_MODE must be sticky or roundrobin, got '$LB_MODE'"
[[ "$PROMETHEUS" == auto || "$PROMETHEUS" == off ]] || fail "PROMETHEUS must be auto or off, got '$PROMETHEUS'"
for var in LB_PORT NODE_BASE_PORT MANAGEMENT_BASE_PORT STATS_PORT PROMETHEUS_PORT; do
  is_port_number "${!var}" || fail "$var must be a port number, got '${!var}'"
done
[[ -z "$REDIS_PORT" ]] || is_port_number "$REDIS_PORT" || fail "REDIS_PORT must be a port number, got '$REDIS_PORT'"

command -v haproxy >/dev/null || fail "haproxy is not on the PATH: install HAProxy 2.4+ (Debian/Ubuntu: apt-get install haproxy)"
if [[ -z "$REDIS_URL" ]]; then
  command -v redis-server >/dev/null ||
    fail "redis-server is not on the PATH: install Redis (Debian/Ubuntu: apt-get install redis-server) or set REDIS_URL"
fi

# A TCP connect succeeds: something listens there.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints the HTTP status of GET http://127.0.0.1:$1$2, or nothing if there is no answer within 2 s.
http_status() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 0
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
    IFS=' ' read -r -t 2 _ status _ <&3 && echo "$status"
  ) 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------------------------------
# Children: every process started is recorded here and stopped on exit, in reverse order of importance.
CHILD_PIDS=()
CHILD_NAMES=()
STOPPING=

start_child() { # name log command...
  local name=$1 logfile=$2
  shift 2
  "$@" >"$logfile" 2>&1 &
  CHILD_PIDS+=("$!")
  CHILD_NAMES+=("$name")
}

stop_children() { # name-pattern grace-seconds
  local pattern=$1 grace=$2 i pids=()
  for i in "${!CHILD_PIDS[@]}"; do
    # shellcheck disable=SC2053 # the pattern is a glob on purpose (node-*)
    [[ "${CHILD_NAMES[$i]}" == $pattern ]] || continue
    if kill -0 "${CHILD_PIDS[$i]}" 2>/dev/null; then
      kill -TERM "${CHILD_PIDS[$i]}" 2>/dev/null || true
      pids+=("${CHILD_PIDS[$i]}")
    fi
  done
  local deadline=$((SECONDS + grace)) pid
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}

cleanup() {
  [[ -z "$STOPPING" ]] || return 0
  STOPPING=1
  trap '' INT TERM
  [[ -z "${SLEEP_PID:-}" ]] || kill "$SLEEP_PID" 2>/dev/null || true
  if ((${#CHILD_PIDS[@]} > 0)); then
    log "stopping ${#CHILD_PIDS[@]} processes"
    stop_children 'haproxy' 5
    stop_children 'prometheus' 10
    stop_children 'node-*' 20
    stop_children 'redis' 5
  fi
  if [[ -n "${REMOVE_WORK_DIR:-}" ]]; then
    rm -rf "$WORK_DIR"
  fi
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

# Shows why a process failed to start, then stops everything.
die_with_log() { # message logfile
  log "$1"
  [[ -f "$2" ]] && tail -n 40 "$2" | sed 's/^/    /' >&2
  exit 1
}

# ---------------------------------------------------------------------------------------------------------------
if [[ -z "${WORK_DIR:-}" ]]; then
  WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/roomcast-cluster.XXXXXX")
  REMOVE_WORK_DIR=1
else
  mkdir -p "$WORK_DIR"
  WORK_DIR=$(cd "$WORK_DIR" && pwd)
fi

node_port() { echo $((NODE_BASE_PORT + $1 - 1)); }
management_port() { echo $((MANAGEMENT_BASE_PORT + $1 - 1)); }

if [[ -z "$REDIS_URL" && -z "$REDIS_PORT" ]]; then
  REDIS_PORT=6380
  while port_in_use "$REDIS_PORT"; do REDIS_PORT=$((REDIS_PORT + 1)); done
fi

wanted_ports=("$LB_PORT" "$STATS_PORT")
for ((i = 1; i <= NODES; i++)); do wanted_ports+=("$(node_port "$i")" "$(management_port "$i")"); done
[[ -z "$REDIS_URL" ]] && wanted_ports+=("$REDIS_PORT")
PROMETHEUS_BIN=
if [[ "$PROMETHEUS" == auto ]] && command -v prometheus >/dev/null; then
  PROMETHEUS_BIN=$(command -v prometheus)
  wanted_ports+=("$PROMETHEUS_PORT")
fi
if [[ $(printf '%s\n' "${wanted_ports[@]}" | sort | uniq -d) ]]; then
  fail "two services would share a port: ${wanted_ports[*]}"
fi
for port in "${wanted_ports[@]}"; do
  port_in_use "$port" && fail "port $port on 127.0.0.1 is in use (choose other ports, see --help)"
done

if [[ -z "$NODE_COMMAND" ]]; then
  jar="$REPO_ROOT/node-server/target/node-server.jar"
  if [[ ! -f "$jar" ]]; then
    command -v mvn >/dev/null || fail "$jar is missing and Maven (mvn) is not on the PATH to build it"
    log "building $jar (mvn package -DskipTests)"
    (cd "$REPO_ROOT" && mvn -B -q package -DskipTests) || fail "the build failed"
  fi
  command -v java >/dev/null || fail "java is not on the PATH: install a JDK or JRE 17+"
  # A copy: rebuilding the project while the cluster runs must not pull classes from under the running nodes.
  cp "$jar" "$WORK_DIR/node-server.jar"
  NODE_COMMAND="java -jar $(printf '%q' "$WORK_DIR/node-server.jar")"
fi

# --- Redis -----------------------------------------------------------------------------------------------------
if [[ -z "$REDIS_URL" ]]; then
  start_child redis "$WORK_DIR/redis.log" \
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$WORK_DIR"
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  for _ in $(seq 100); do
    port_in_use "$REDIS_PORT" && break
    kill -0 "${CHILD_PIDS[-1]}" 2>/dev/null || die_with_log "redis-server exited" "$WORK_DIR/redis.log"
    sleep 0.1
  done
  port_in_use "$REDIS_PORT" || die_with_log "redis-server did not listen on $REDIS_PORT" "$WORK_DIR/redis.log"
fi

# --- Nodes -----------------------------------------------------------------------------------------------------
for ((i = 1; i <= NODES; i++)); do
  start_child "node-$i" "$WORK_DIR/node-$i.log" \
    env PORT="$(node_port "$i")" MANAGEMENT_PORT="$(management_port "$i")" HOST=127.0.0.1 NODE_ID="node-$i" \
    REDIS_URL="$REDIS_URL" bash -c "exec $NODE_COMMAND"
done
node_pid() { local i; for i in "${!CHILD_NAMES[@]}"; do [[ "${CHILD_NAMES[$i]}" == "node-$1" ]] && echo "${CHILD_PIDS[$i]}"; done; }
deadline=$((SECONDS + 90))
for ((i = 1; i <= NODES; i++)); do
  until [[ $(http_status "$(management_port "$i")" /health/ready) == 200 ]]; do
    kill -0 "$(node_pid "$i")" 2>/dev/null || die_with_log "node-$i exited during start-up" "$WORK_DIR/node-$i.log"
    ((SECONDS < deadline)) || die_with_log "node-$i not ready within 90 s" "$WORK_DIR/node-$i.log"
    sleep 0.2
  done
done

# --- HAProxy ---------------------------------------------------------------------------------------------------
servers=
for ((i = 1; i <= NODES; i++)); do
  line="    server node-$i 127.0.0.1:$(node_port "$i") check port $(management_port "$i")"
  [[ "$LB_MODE" == sticky ]] && line+=" cookie node-$i"
  servers+="$line"$'\n'
done
config=$(<"$SCRIPT_DIR/haproxy/haproxy.cfg.template")
policy=$(<"$SCRIPT_DIR/haproxy/$LB_MODE.policy")
config=${config//@BACKEND_POLICY@/$policy}
config=${config//@SERVERS@/${servers%$'\n'}}
config=${config//@LB_PORT@/$LB_PORT}
config=${config//@STATS_PORT@/$STATS_PORT}
printf '%s\n' "$config" >"$WORK_DIR/haproxy.cfg"
haproxy -c -f "$WORK_DIR/haproxy.cfg" >"$WORK_DIR/haproxy-check.log" 2>&1 ||
  die_with_log "the generated $WORK_DIR/haproxy.cfg is invalid" "$WORK_DIR/haproxy-check.log"
# -db: stay in the foreground (no daemon), so this script owns the process and stops it.
start_child haproxy "$WORK_DIR/haproxy.log" haproxy -db -f "$WORK_DIR/haproxy.cfg"
for _ in $(seq 100); do
  port_in_use "$LB_PORT" && break
  kill -0 "${CHILD_PIDS[-1]}" 2>/dev/null || die_with_log "haproxy exited" "$WORK_DIR/haproxy.log"
  sleep 0.1
done
port_in_use "$LB_PORT" || die_with_log "haproxy did not listen on $LB_PORT" "$WORK_DIR/haproxy.log"

# --- Prometheus ------------------------------------------------------------------------------------------------
if [[ -n "$PROMETHEUS_BIN" ]]; then
  {
    echo "# Generated by deploy/local-cluster.sh"
    echo "global:"
    echo "  scrape_interval: 5s"
    echo "  evaluation_interval: 5s"
    if [[ -f "$ALERT_RULES" ]]; then
      if ! command -v promtool >/dev/null || promtool check rules "$ALERT_RULES" >"$WORK_DIR/promtool.log" 2>&1; then
        echo "rule_files:"
        echo "  - $ALERT_RULES"
      else
        log "warning: $ALERT_RULES does not pass promtool check rules; Prometheus starts without it"
      fi
    fi
    echo "scrape_configs:"
    echo "  - job_name: roomcast"
    echo "    metrics_path: /metrics"
    echo "    static_configs:"
    echo "      - targets:"
    for ((i = 1; i <= NODES; i++)); do echo "          - 127.0.0.1:$(management_port "$i")"; done
  } >"$WORK_DIR/prometheus.yml"
  start_child prometheus "$WORK_DIR/prometheus.log" "$PROMETHEUS_BIN" \
    --config.file="$WORK_DIR/prometheus.yml" --storage.tsdb.path="$WORK_DIR/prometheus-data" \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
  deadline=$((SECONDS + 30))
  until [[ $(http_status "$PROMETHEUS_PORT" /-/ready) == 200 ]]; do
    kill -0 "${CHILD_PIDS[-1]}" 2>/dev/null || die_with_log "prometheus exited" "$WORK_DIR/prometheus.log"
    ((SECONDS < deadline)) || die_with_log "prometheus not ready within 30 s" "$WORK_DIR/prometheus.log"
    sleep 0.2
  done
fi

# --- Up --------------------------------------------------------------------------------------------------------
echo "Roomcast local cluster is up ($NODES nodes, load balancer mode: $LB_MODE)"
echo "  Demo chat (through HAProxy):  http://127.0.0.1:$LB_PORT/"
echo "  Socket.IO endpoint:           http://127.0.0.1:$LB_PORT/socket.io/"
echo "  HAProxy statistics:           http://127.0.0.1:$STATS_PORT/"
if [[ -n "$PROMETHEUS_BIN" ]]; then
  echo "  Prometheus:                   http://127.0.0.1:$PROMETHEUS_PORT/"
else
  echo "  Prometheus:                   not started (no prometheus on the PATH, or PROMETHEUS=off)"
fi
echo "  Redis:                        $REDIS_URL"
for ((i = 1; i <= NODES; i++)); do
  echo "  node-$i:                       http://127.0.0.1:$(node_port "$i")/  management http://127.0.0.1:$(management_port "$i")/health/ready  /metrics"
done
echo "  Logs and configs:             $WORK_DIR${REMOVE_WORK_DIR:+ (removed on exit)}"
echo "Press Ctrl-C to stop every process."

# Stay in the foreground. A node that exits is reported (stopping one is a way to try fail-over); if HAProxy or
# Redis exits, the cluster is useless and everything stops.
declare -A reported
while true; do
  for i in "${!CHILD_PIDS[@]}"; do
    name=${CHILD_NAMES[$i]}
    [[ -n "${reported[$name]:-}" ]] && continue
    if ! kill -0 "${CHILD_PIDS[$i]}" 2>/dev/null; then
      reported[$name]=1
      status=0
      wait "${CHILD_PIDS[$i]}" || status=$?
      log "$name exited with status $status (log: $WORK_DIR/$name.log)"
      [[ "$name" == haproxy || "$name" == redis ]] && exit 1
    fi
  done
  sleep 1 &
  SLEEP_PID=$!
  wait "$SLEEP_PID" || true
done
