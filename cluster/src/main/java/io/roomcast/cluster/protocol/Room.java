package io.roomcast.cluster.protocol;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A room as it travels between nodes. Node.js allows numeric rooms ({@code io.to(123)}), sent as MessagePack
 * integers or JSON numbers, and there {@code 123} and {@code "123"} are different rooms.
 *
 * <p><b>Normalisation.</b> A numeric room keeps {@code numeric = true} and is named by JavaScript's
 * {@code String(number)} ({@code 123}, {@code 1.5}, {@code 1e+21}), the name Node itself uses for its one-room
 * channel {@code key#nsp#123#}. Re-encoding a numeric room writes a number again, so a Java node relays Node's
 * rooms unchanged. Java sockets only have string rooms, so when a message is applied locally a numeric room
 * matches the string room of the same name: locally {@code 123} and {@code "123"} are one room (Node's own
 * {@code onmessage} pre-filter already tries both, lib/index.ts:224-228).
 *
 * @param name    the room name; for numeric rooms the JavaScript string form of the number
 * @param numeric whether the room travels as a number
 */
public record Room(String name, boolean numeric) {

    /** Largest integer a JavaScript number holds exactly; numeric rooms up to it are written as integers. */
    private static final double MAX_SAFE_INTEGER = 9007199254740991d;

    public Room {
        Objects.requireNonNull(name, "name must not be null");
        if (numeric && !isCanonicalNumber(name)) {
            throw new IllegalArgumentException("numeric room name is not a JavaScript number string: " + name);
        }
    }

    /** A room with a string name, the usual kind. */
    public static Room of(String name) {
        return new Room(name, false);
    }

    /** A numeric room, named as JavaScript's {@code String(value)} names it. */
    public static Room ofNumber(double value) {
        return new Room(JsNumbers.toJsString(value), true);
    }

    /** The value written on the wire: a {@link Long}, a {@link Double} or the name. */
    public Object wireValue() {
        if (!numeric) {
            return name;
        }
        double value = JsNumbers.parse(name);
        if (value == Math.rint(value) && Math.abs(value) <= MAX_SAFE_INTEGER) {
            return (long) value;
        }
        return value;
    }

    private static boolean isCanonicalNumber(String name) {
        try {
            return JsNumbers.toJsString(JsNumbers.parse(name)).equals(name);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return numeric ? name + " (number)" : name;
    }

    /** JavaScript's Number-to-String conversion (ECMA-262 Number::toString), which Java's formats do not match. */
    static final class JsNumbers {

        private JsNumbers() {
        }

        static double parse(String text) {
            return switch (text) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(text.replace("e+", "e"));
            };
        }

        static String toJsString(double value) {
            if (Double.isNaN(value)) {
                return "NaN";
            }
            if (Double.isInfinite(value)) {
                return value > 0 ? "Infinity" : "-Infinity";
            }
            if (value == 0) {
                return "0"; // also -0, as String(-0) is "0"
            }
            if (value < 0) {
                return "-" + toJsString(-value);
            }
            // shortest decimal digits s (k of them) with value = s * 10^(n - k), then the spec's layout rules
            BigDecimal exact = new BigDecimal(Double.toString(value)).stripTrailingZeros();
            String digits = exact.unscaledValue().toString();
            int k = digits.length();
            int n = k - exact.scale();
            if (k <= n && n <= 21) {
                return digits + "0".repeat(n - k);
            }
            if (0 < n && n <= 21) {
                return digits.substring(0, n) + "." + digits.substring(n);
            }
            if (-6 < n && n <= 0) {
                return "0." + "0".repeat(-n) + digits;
            }
            int exponent = n - 1;
            String sign = exponent < 0 ? "-" : "+";
            String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return mantissa + "e" + sign + Math.abs(exponent);
        }
    }
}
