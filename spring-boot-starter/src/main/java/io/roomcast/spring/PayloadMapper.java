package io.roomcast.spring;

import java.lang.reflect.Type;

/**
 * Maps event arguments ({@code Map}, {@code List}, {@code String}, numbers, as the server decodes them) to handler
 * parameter types, and handler results to what the server sends. The starter uses the application's Jackson mapper:
 * its Jackson 2 {@code ObjectMapper} bean when there is one (it then also serialises the server's emits), else
 * Boot 4's Jackson 3 {@code JsonMapper} bean; define a bean of this type to map otherwise.
 */
public interface PayloadMapper {

    /**
     * @throws IllegalArgumentException when {@code value} does not map to {@code type}
     */
    Object read(Object value, Type type);

    /** What to hand the server for {@code value} (which serialises it with its own Jackson 2 mapper). */
    Object write(Object value);
}
