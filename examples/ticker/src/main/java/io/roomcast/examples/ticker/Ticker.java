package io.roomcast.examples.ticker;

import io.roomcast.cluster.redis.RedisAdapterFactory;
import io.roomcast.socketio.RoomcastServer;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A price ticker pushed by a backend service through a Roomcast cluster: clients subscribe to symbols, each symbol
 * is the room {@code ticker:SYMBOL}, and a price published on any node reaches the subscribers on every node through
 * Redis. Any other service can publish too, without a Socket.IO server, with Node's {@code @socket.io/redis-emitter}:
 * {@code new Emitter(redis).to("ticker:ACME").emit("price", {...})}.
 *
 * <p>Client to server: {@code subscribe {symbol}} and {@code unsubscribe {symbol}}, both with an ack
 * {@code {symbol, subscribed}} (or {@code {error: {code, message}}}). Server to client: {@code price {symbol, price,
 * time, source}}.
 *
 * <p>Run several nodes on one Redis: {@code REDIS_URL=redis://127.0.0.1:6379 PORT=3000 FEED=true} on one of them
 * (the feed publishes once, for the whole cluster), {@code PORT=3001} on the others.
 */
public final class Ticker {

    private static final Pattern SYMBOL = Pattern.compile("[A-Z]{1,6}");

    /** {@code subscribe} and {@code unsubscribe}'s payload. */
    public record Subscription(String symbol) {}

    /** {@code price}: one quote. */
    public record Price(String symbol, double price, long time, String source) {}

    /** Where prices come from (a market data service, a message queue...); it calls {@code publish} for each one. */
    @FunctionalInterface
    public interface PriceFeed {
        void start(Consumer<Price> publish);
    }

    private Ticker() {}

    /** The room of a symbol's subscribers. */
    public static String room(String symbol) {
        return "ticker:" + symbol;
    }

    /** Adds the subscribe/unsubscribe handlers to a server that is not started yet. */
    public static RoomcastServer install(RoomcastServer io) {
        io.onConnection(socket -> {
            socket.on("subscribe", Subscription.class, (s, sub, ack) -> {
                if (sub.symbol() == null || !SYMBOL.matcher(sub.symbol()).matches()) {
                    ack.send(Map.of("error", Map.of("code", "invalid_symbol", "message", "expected 1-6 capital letters")));
                    return;
                }
                s.join(room(sub.symbol()));
                ack.send(Map.of("symbol", sub.symbol(), "subscribed", true));
            });
            socket.on("unsubscribe", Subscription.class, (s, sub, ack) -> {
                s.leave(room(String.valueOf(sub.symbol())));
                ack.send(Map.of("symbol", String.valueOf(sub.symbol()), "subscribed", false));
            });
        });
        return io;
    }

    /** Pushes every price of the feed to its symbol's subscribers, on every node of the cluster. */
    public static void publish(RoomcastServer io, PriceFeed feed) {
        feed.start(price -> io.to(room(price.symbol())).emit("price", price));
    }

    /** A stand-in for a market data service: a random walk per symbol, one price every 500 ms. */
    public static PriceFeed randomWalk(List<String> symbols, ScheduledExecutorService timer) {
        return publish -> {
            Random random = new Random();
            double[] prices = symbols.stream().mapToDouble(s -> 100).toArray();
            timer.scheduleAtFixedRate(() -> {
                int i = random.nextInt(symbols.size());
                prices[i] = Math.max(1, prices[i] + random.nextGaussian());
                publish.accept(new Price(symbols.get(i), Math.round(prices[i] * 100) / 100.0,
                        System.currentTimeMillis(), "feed"));
            }, 500, 500, TimeUnit.MILLISECONDS);
        };
    }

    /** One node of the cluster, configured by {@code PORT}, {@code REDIS_URL} and {@code FEED}. */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
        String redis = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
        RoomcastServer io = install(RoomcastServer.builder().port(port)
                .adapter(RedisAdapterFactory.connect(redis)).build()).start();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        if (Boolean.parseBoolean(System.getenv("FEED"))) {
            publish(io, randomWalk(List.of("ACME", "GLOBEX", "INITECH"), timer));
        }
        System.out.println("ticker node on ws://localhost:" + io.port() + "/socket.io/, cluster on " + redis);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            timer.shutdownNow();
            io.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
