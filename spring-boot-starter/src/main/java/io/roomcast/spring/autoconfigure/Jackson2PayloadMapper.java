package io.roomcast.spring.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.spring.PayloadMapper;

import java.lang.reflect.Type;
import java.util.Objects;

/** Maps with a Jackson 2 mapper, the one the server itself serialises with: results go out as they are. */
final class Jackson2PayloadMapper implements PayloadMapper {

    private final ObjectMapper mapper;

    Jackson2PayloadMapper(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public Object read(Object value, Type type) {
        return mapper.convertValue(value, mapper.constructType(type));
    }

    @Override
    public Object write(Object value) {
        return value;
    }
}
