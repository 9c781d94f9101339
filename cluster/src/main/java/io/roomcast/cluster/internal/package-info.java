/**
 * Not API: the book-keeping of this node's cross-node requests ({@link io.roomcast.cluster.internal.RequestTracker});
 * may change without notice.
 */
package io.roomcast.cluster.internal;
