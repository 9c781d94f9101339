package io.roomcast.socketio.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The Jackson mapper of the wire format; thread-safe once built. */
final class Json {

    /** JSON.parse rejects anything after the value, so do we; duplicate keys are allowed (last wins) as there. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }
}
