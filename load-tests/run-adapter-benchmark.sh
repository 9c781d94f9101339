#!/usr/bin/env bash
# Broadcasts/s through one Redis between two cluster adapters (issue 3's first figure; issue 6 brings the full
# benchmark with real clients). Builds what it needs, runs 1 and 1000 subscribers, writes results/*.json.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -pl load-tests -am
cp_file=$(mktemp)
mvn -B -q -pl load-tests dependency:build-classpath -Dmdep.outputFile="$cp_file"
classpath="load-tests/target/classes:$(cat "$cp_file")"
mkdir -p load-tests/results
for subscribers in 1 1000; do
  SUBSCRIBERS=$subscribers SECONDS=${SECONDS_PER_RUN:-10} OUT=load-tests/results/adapter-broadcast-$subscribers.json \
    java -cp "$classpath" io.roomcast.loadtests.adapter.AdapterBroadcastBenchmark
done
