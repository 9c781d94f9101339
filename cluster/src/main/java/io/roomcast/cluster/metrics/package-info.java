/**
 * Micrometer binders of the cluster adapter: {@link io.roomcast.cluster.metrics.AdapterMetrics}.
 */
package io.roomcast.cluster.metrics;
