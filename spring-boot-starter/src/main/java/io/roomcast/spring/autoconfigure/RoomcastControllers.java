package io.roomcast.spring.autoconfigure;

import io.roomcast.socketio.Middleware;
import io.roomcast.socketio.Namespace;
import io.roomcast.socketio.RoomcastServer;
import io.roomcast.spring.OnConnect;
import io.roomcast.spring.OnDisconnect;
import io.roomcast.spring.OnEvent;
import io.roomcast.spring.RoomcastController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Installs the application's {@link Middleware} beans and {@link RoomcastController} beans on the server once every
 * singleton exists, before the server starts (the lifecycle starts it afterwards). Middlewares go on {@code /} and on
 * every namespace a controller names, in bean order ({@code @Order}), the JWT check first.
 */
final class RoomcastControllers implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(RoomcastControllers.class);

    private final ApplicationContext context;
    private final RoomcastServer server;
    private final List<Middleware> middlewares;
    private final HandlerMethod.HandlerSupport support;

    RoomcastControllers(ApplicationContext context, RoomcastServer server, List<Middleware> middlewares,
                        HandlerMethod.HandlerSupport support) {
        this.context = context;
        this.server = server;
        this.middlewares = middlewares;
        this.support = support;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<String, List<Object>> byNamespace = new LinkedHashMap<>();
        byNamespace.put("/", new ArrayList<>());
        for (Object controller : context.getBeansWithAnnotation(RoomcastController.class).values()) {
            RoomcastController annotation = AnnotatedElementUtils.findMergedAnnotation(
                    AopUtils.getTargetClass(controller), RoomcastController.class);
            String namespace = annotation == null ? "/" : annotation.namespace();
            byNamespace.computeIfAbsent(namespace.startsWith("/") ? namespace : "/" + namespace,
                    name -> new ArrayList<>()).add(controller);
        }
        byNamespace.forEach((name, controllers) -> {
            Namespace namespace = server.of(name);
            middlewares.forEach(namespace::use);
            for (Object controller : controllers) {
                register(namespace, controller);
            }
        });
    }

    /** The {@link OnEvent} names of every controller bean, read from their classes (no bean is created). */
    static Set<String> declaredEvents(ListableBeanFactory beans) {
        Set<String> events = new TreeSet<>();
        for (String name : beans.getBeanNamesForAnnotation(RoomcastController.class)) {
            Class<?> type = beans.getType(name, false);
            if (type != null) {
                ReflectionUtils.doWithMethods(ClassUtils.getUserClass(type), method -> {
                    OnEvent event = AnnotatedElementUtils.findMergedAnnotation(method, OnEvent.class);
                    if (event != null) {
                        events.add(event.value());
                    }
                }, ReflectionUtils.USER_DECLARED_METHODS);
            }
        }
        return events;
    }

    private void register(Namespace namespace, Object controller) {
        List<HandlerMethod> onConnect = new ArrayList<>();
        List<HandlerMethod> onDisconnect = new ArrayList<>();
        Map<String, HandlerMethod> onEvent = new LinkedHashMap<>();
        Set<String> described = new LinkedHashSet<>();
        Class<?> type = AopUtils.getTargetClass(controller);
        ReflectionUtils.doWithMethods(type, method -> {
            Method invocable = AopUtils.selectInvocableMethod(method, controller.getClass());
            if (AnnotatedElementUtils.hasAnnotation(method, OnConnect.class)) {
                onConnect.add(new HandlerMethod(controller, invocable, support));
            }
            if (AnnotatedElementUtils.hasAnnotation(method, OnDisconnect.class)) {
                onDisconnect.add(new HandlerMethod(controller, invocable, support));
            }
            OnEvent event = AnnotatedElementUtils.findMergedAnnotation(method, OnEvent.class);
            if (event != null) {
                HandlerMethod previous = onEvent.put(event.value(), new HandlerMethod(controller, invocable, support));
                if (previous != null) {
                    throw new IllegalStateException("two @OnEvent(\"" + event.value() + "\") methods in "
                            + type.getName() + ": " + previous.describe() + " and " + method.getName());
                }
            }
        }, ReflectionUtils.USER_DECLARED_METHODS);
        onEvent.keySet().forEach(described::add);
        namespace.onConnection(socket -> {
            onEvent.forEach((event, handler) -> socket.on(event,
                    (s, args, ack) -> handler.invokeEvent(event, s, args, ack)));
            if (!onDisconnect.isEmpty()) {
                socket.onDisconnect((s, reason) -> onDisconnect.forEach(h -> h.invokeLifecycle(s, reason)));
            }
            onConnect.forEach(handler -> handler.invokeLifecycle(socket, null));
        });
        log.debug("{} on {}: events {}", type.getSimpleName(), namespace.name(), described);
    }
}
