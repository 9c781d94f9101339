package io.roomcast.spring.autoconfigure;

import io.roomcast.spring.PayloadValidator;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@link PayloadValidator} on a {@code jakarta.validation.Validator} (Boot's, with the application's messages). */
final class BeanValidationPayloadValidator implements PayloadValidator {

    private final Validator validator;

    BeanValidationPayloadValidator(Validator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    @Override
    public List<Map<String, Object>> validate(Object payload) {
        if (payload == null) {
            return List.of();
        }
        return validator.validate(payload).stream()
                .sorted(Comparator.comparing((ConstraintViolation<Object> v) -> v.getPropertyPath().toString())
                        .thenComparing(ConstraintViolation::getMessage))
                .map(violation -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("path", violation.getPropertyPath().toString());
                    entry.put("message", violation.getMessage());
                    return entry;
                }).toList();
    }
}
