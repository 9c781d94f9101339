/**
 * The node's rate limits beyond the library's per-connection bucket: one event budget per user, in memory on a
 * single node ({@link io.roomcast.node.limits.LocalUserBudgets}) or across the cluster through Redisson's
 * {@code RRateLimiter} ({@link io.roomcast.node.limits.RedisUserBudgets}).
 */
package io.roomcast.node.limits;
