/**
 * The JVM load generator of the issue-6 benchmark: {@link io.roomcast.loadtests.generator.LoadGenerator} holds
 * tens of thousands of Socket.IO (or raw) WebSocket connections to loopback servers from one Netty client and
 * measures fan-out throughput, delivery latency (HdrHistogram), loss, connect rate and server memory/CPU.
 */
package io.roomcast.loadtests.generator;
