/**
 * The benchmark's Java servers (netty-socketio + Redisson peer, raw-Netty limit) and the report that turns the
 * orchestrator's JSON results into the BENCHMARKS.md section. Run by {@code load-tests/bench/run-benchmark.sh}.
 */
package io.roomcast.loadtests.bench;
