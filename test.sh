#!/usr/bin/env bash
# Runs every test: installs what the tests need and this machine lacks, then `mvn -B verify` (extra arguments are
# passed to Maven). The tests run against real parts (see "Run every test" in README.md): a JDK 17+, Maven,
# Node.js 18+ with npm, redis-server, redis-cli and redis-sentinel (Redis Cluster and Sentinel fixtures), haproxy,
# prometheus with promtool, and Debian's chromium. As root on Debian/Ubuntu the missing ones are installed with
# apt-get; otherwise the script prints the one command to run.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
need() { # command debian-package
  command -v "$1" >/dev/null 2>&1 || missing+=("$2")
}
need java openjdk-17-jdk-headless
need mvn maven
need node nodejs
need npm npm
need redis-server redis-server
need redis-cli redis-tools
need redis-sentinel redis-sentinel
need haproxy haproxy
need prometheus prometheus
need promtool prometheus
need chromium chromium

if [ ${#missing[@]} -gt 0 ]; then
  # promtool comes with prometheus: one package each.
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  install="apt-get install -y ${missing[*]}"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q "${missing[@]}"
  else
    echo "test.sh: the tests need ${missing[*]}; install them with:" >&2
    echo "  sudo apt-get update && sudo $install" >&2
    exit 1
  fi
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then
  echo "test.sh: Node.js 18+ is required for the tests (found $(node --version))" >&2
  exit 1
fi
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${java_major%%.*}" -lt 17 ]; then
  echo "test.sh: Java 17+ is required (found $java_major)" >&2
  exit 1
fi

exec mvn -B verify "$@"
