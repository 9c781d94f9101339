package io.roomcast.spring.autoconfigure;

import io.roomcast.spring.PayloadMapper;
import org.springframework.beans.factory.ListableBeanFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * Maps with Boot 4's Jackson 3 mapper. The server serialises with Jackson 2, so a result that is not a scalar (a record, a
 * bean, a map of them) is turned into maps and lists by this mapper first: the application's naming and
 * date settings apply to acks too.
 */
final class Jackson3PayloadMapper implements PayloadMapper {

    /** Loaded only when this class is on the classpath (Jackson 3 is optional). */
    static final String JSON_MAPPER = "tools.jackson.databind.json.JsonMapper";

    private final JsonMapper mapper;

    Jackson3PayloadMapper(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The context's one {@code JsonMapper} (Boot's, or the application's own), or null when there is none. */
    static Jackson3PayloadMapper of(ListableBeanFactory beans) {
        JsonMapper mapper = beans.getBeanProvider(JsonMapper.class).getIfUnique();
        return mapper == null ? null : new Jackson3PayloadMapper(mapper);
    }

    @Override
    public Object read(Object value, Type type) {
        try {
            return mapper.convertValue(value, mapper.constructType(type));
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    @Override
    public Object write(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof byte[]) {
            return value;
        }
        return mapper.readValue(mapper.writeValueAsBytes(value), Object.class);
    }
}
