package io.roomcast.spring.autoconfigure;

import io.roomcast.engine.DisconnectReason;
import io.roomcast.socketio.Ack;
import io.roomcast.socketio.EventDropReason;
import io.roomcast.socketio.RoomcastServer;
import io.roomcast.socketio.Socket;
import io.roomcast.socketio.SocketIoObserver;
import io.roomcast.spring.PayloadMapper;
import io.roomcast.spring.SocketPrincipals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * One {@code @OnConnect}/{@code @OnEvent}/{@code @OnDisconnect} method of a controller bean, with how each of its
 * parameters is resolved (decided once, when the controller is registered).
 */
final class HandlerMethod {

    private static final Logger log = LoggerFactory.getLogger(HandlerMethod.class);

    /** Where a parameter's value comes from. */
    private sealed interface Source {
    }

    private record SocketSource() implements Source {
    }

    private record AckSource() implements Source {
    }

    private record ServerSource() implements Source {
    }

    private record ReasonSource() implements Source {
    }

    private record PrincipalSource(Class<?> type) implements Source {
    }

    /** The {@code index}-th event argument, mapped to the parameter's type; validated when {@code valid}. */
    private record PayloadSource(int index, MethodParameter parameter, boolean valid) implements Source {
    }

    private final Object bean;
    private final Method method;
    private final Source[] sources;
    private final HandlerSupport support;

    HandlerMethod(Object bean, Method method, HandlerSupport support) {
        this.bean = bean;
        this.method = method;
        this.support = support;
        method.setAccessible(true);
        Parameter[] parameters = method.getParameters();
        sources = new Source[parameters.length];
        int payloads = 0;
        for (int i = 0; i < parameters.length; i++) {
            Class<?> type = parameters[i].getType();
            if (type == Socket.class) {
                sources[i] = new SocketSource();
            } else if (type == Ack.class) {
                sources[i] = new AckSource();
            } else if (type == RoomcastServer.class) {
                sources[i] = new ServerSource();
            } else if (type == DisconnectReason.class) {
                sources[i] = new ReasonSource();
            } else if (Principal.class.isAssignableFrom(type)) {
                sources[i] = new PrincipalSource(type);
            } else {
                sources[i] = new PayloadSource(payloads++, new MethodParameter(method, i),
                        support.validates(parameters[i]));
            }
        }
    }

    String describe() {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    /** Runs an {@code @OnConnect} or {@code @OnDisconnect} method; a failure is logged, never thrown to the server. */
    void invokeLifecycle(Socket socket, DisconnectReason reason) {
        try {
            Object[] args = new Object[sources.length];
            for (int i = 0; i < sources.length; i++) {
                args[i] = sources[i] instanceof PayloadSource ? null : resolve(sources[i], socket, Ack.NONE, reason);
            }
            method.invoke(bean, args);
        } catch (InvocationTargetException e) {
            log.warn("{} failed on socket {} of {}", describe(), socket.id(), socket.namespace().name(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("{} could not be called on socket {}", describe(), socket.id(), e);
        }
    }

    /** Runs an {@code @OnEvent} method for one event: maps and validates, invokes, answers the ack. */
    void invokeEvent(String event, Socket socket, List<Object> eventArgs, Ack ack) {
        Object[] args = new Object[sources.length];
        for (int i = 0; i < sources.length; i++) {
            if (sources[i] instanceof PayloadSource payload) {
                Object raw = payload.index() < eventArgs.size() ? eventArgs.get(payload.index()) : null;
                Object value;
                try {
                    value = raw == null ? null : support.mapper().read(raw, payload.parameter().getGenericParameterType());
                } catch (RuntimeException e) {
                    log.debug("payload of '{}' on {} does not map to {}: {}", event, socket.namespace().name(),
                            payload.parameter().getParameterType().getName(), e.getMessage());
                    refuse(event, socket, ack, invalidPayload(event, null));
                    return;
                }
                if (payload.valid()) {
                    List<Map<String, Object>> violations = support.validate(value);
                    if (!violations.isEmpty()) {
                        refuse(event, socket, ack, invalidPayload(event, violations));
                        return;
                    }
                }
                args[i] = value;
            } else {
                args[i] = resolve(sources[i], socket, ack, null);
            }
        }
        Object result;
        try {
            result = method.invoke(bean, args);
        } catch (InvocationTargetException e) {
            log.warn("{} failed on event '{}' of {}", describe(), event, socket.namespace().name(), e.getCause());
            ack.send(Map.of("error", error("internal_error", "the server could not handle '" + event + "'")));
            return;
        } catch (ReflectiveOperationException e) {
            log.warn("{} could not be called", describe(), e);
            ack.send(Map.of("error", error("internal_error", "the server could not handle '" + event + "'")));
            return;
        }
        if (method.getReturnType() == void.class) {
            return;
        }
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, failure) -> {
                if (failure != null) {
                    log.warn("{} failed on event '{}' of {}", describe(), event, socket.namespace().name(), failure);
                    ack.send(Map.of("error", error("internal_error", "the server could not handle '" + event + "'")));
                } else {
                    reply(ack, value);
                }
            });
        } else {
            reply(ack, result);
        }
    }

    private void reply(Ack ack, Object value) {
        if (value == null) {
            ack.send();
            return;
        }
        Object reply;
        try {
            reply = support.mapper().write(value);
        } catch (RuntimeException e) {
            log.warn("{} returned a {} that does not serialise", describe(), value.getClass().getName(), e);
            ack.send(Map.of("error", error("internal_error", "the server could not answer")));
            return;
        }
        ack.send(reply);
    }

    private void refuse(String event, Socket socket, Ack ack, Map<String, Object> error) {
        support.observer().eventDropped(socket.namespace().name(), event, EventDropReason.INVALID_PAYLOAD);
        ack.send(Map.of("error", error));
    }

    private Object resolve(Source source, Socket socket, Ack ack, DisconnectReason reason) {
        if (source instanceof SocketSource) {
            return socket;
        }
        if (source instanceof AckSource) {
            return ack;
        }
        if (source instanceof ServerSource) {
            return support.server();
        }
        if (source instanceof ReasonSource) {
            return reason;
        }
        if (source instanceof PrincipalSource principal) {
            return support.principals().of(socket).filter(principal.type()::isInstance).orElse(null);
        }
        throw new IllegalStateException("payloads are mapped, not resolved");
    }

    /** {@code {code, message[, violations]}}, the shape of the library's own error acks for typed listeners. */
    private static Map<String, Object> invalidPayload(String event, List<Map<String, Object>> violations) {
        Map<String, Object> error = error("invalid_payload", "the payload of '" + event + "' is not valid");
        if (violations != null) {
            error.put("violations", violations);
        }
        return error;
    }

    private static Map<String, Object> error(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        return error;
    }

    /** What every handler of one application shares. */
    interface HandlerSupport {
        PayloadMapper mapper();

        SocketPrincipals principals();

        RoomcastServer server();

        SocketIoObserver observer();

        /** Whether the parameter asks for bean validation ({@code @Valid}/{@code @Validated}) and it is available. */
        boolean validates(Parameter parameter);

        /** Bean-validation violations of {@code value} as {@code {path, message}}; empty when it is valid. */
        List<Map<String, Object>> validate(Object value);
    }
}
