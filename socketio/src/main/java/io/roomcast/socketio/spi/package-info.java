/** The service interface between Roomcast's API and its implementation; not for applications. */
package io.roomcast.socketio.spi;
