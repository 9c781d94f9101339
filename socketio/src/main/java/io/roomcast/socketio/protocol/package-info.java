/** Socket.IO v5 wire protocol: packets, encoder and decoder (socket.io-parser 4.2 behaviour). */
package io.roomcast.socketio.protocol;
