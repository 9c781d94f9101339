package io.roomcast.spring;

import java.util.List;
import java.util.Map;

/**
 * Validates a mapped payload parameter marked {@code @Valid} or {@code @Validated}; the starter backs it with the
 * application's {@code jakarta.validation.Validator} when there is one.
 */
@FunctionalInterface
public interface PayloadValidator {

    /** Violations as {@code {path, message}}, in a stable order; empty when {@code payload} is valid. */
    List<Map<String, Object>> validate(Object payload);
}
