/**
 * Book-keeping of this node's cross-node requests: {@link io.roomcast.cluster.request.RequestTracker} and the
 * timeout it reports, {@link io.roomcast.cluster.request.ClusterRequestTimeoutException}.
 */
package io.roomcast.cluster.request;
