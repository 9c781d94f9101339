/**
 * Implementation of the Engine.IO v4 server: not API, may change without notice. Behaviour mirrors Node's
 * engine.io 6.6 ({@code packages/engine.io/lib}); each class names the Node file it follows.
 */
package io.roomcast.engine.internal;
