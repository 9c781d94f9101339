package io.roomcast.loadtests.generator;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A two-panel SVG of a run written by hand: deliveries/s per interval on top, p50 and p99 delivery latency (ms)
 * below. Intervals without latencies (no message sent in the window yet) leave a gap.
 */
public final class SvgChart {
    private static final int WIDTH = 860;
    private static final int PANEL = 230;
    private static final int LEFT = 80;
    private static final int TOP = 40;

    private SvgChart() {
    }

    public static String render(String title, List<DeliveryStats.Sample> samples) {
        StringBuilder svg = new StringBuilder();
        int height = TOP + 2 * PANEL + 80;
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                        + "font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n", WIDTH, height, LEFT, escape(title)));
        double t0 = samples.isEmpty() ? 0 : samples.get(0).atSeconds();
        double t1 = samples.isEmpty() ? 1 : Math.max(t0 + 1, samples.get(samples.size() - 1).atSeconds());
        panel(svg, samples, TOP, t0, t1, "deliveries/s", List.of(
                new Series("deliveries/s", "#1f77b4", DeliveryStats.Sample::deliveriesPerSecond)));
        panel(svg, samples, TOP + PANEL + 30, t0, t1, "latency ms", List.of(
                new Series("p50", "#2ca02c", DeliveryStats.Sample::p50Millis),
                new Series("p99", "#d62728", DeliveryStats.Sample::p99Millis)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">seconds since start</text>%n",
                LEFT + 300, height - 12));
        return svg.append("</svg>\n").toString();
    }

    private record Series(String name, String color, ToDoubleFunction<DeliveryStats.Sample> value) {
    }

    private static void panel(StringBuilder svg, List<DeliveryStats.Sample> samples, int top, double t0, double t1,
            String axis, List<Series> series) {
        int plotWidth = WIDTH - LEFT - 30;
        int plotHeight = PANEL - 30;
        double max = 0;
        for (Series s : series) {
            for (DeliveryStats.Sample sample : samples) {
                double v = s.value().applyAsDouble(sample);
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        max = max <= 0 ? 1 : max * 1.1;
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                LEFT, top, plotWidth, plotHeight));
        for (int tick = 0; tick <= 4; tick++) {
            double value = max * tick / 4;
            int y = top + plotHeight - plotHeight * tick / 4;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                            + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LEFT, y, LEFT + plotWidth, y, LEFT - 6, y + 4, compact(value)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" transform=\"rotate(-90 %d %d)\">%s</text>%n",
                16, top + plotHeight / 2 + 30, 16, top + plotHeight / 2 + 30, axis));
        for (int tick = 0; tick <= 5; tick++) {
            double t = (t1 - t0) * tick / 5;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    LEFT + (int) (plotWidth * tick / 5.0), top + plotHeight + 16,
                    String.format(Locale.ROOT, t1 - t0 < 10 ? "%.1f" : "%.0f", t)));
        }
        int legendX = LEFT + 10;
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            for (DeliveryStats.Sample sample : samples) {
                double v = s.value().applyAsDouble(sample);
                if (Double.isNaN(v)) {
                    pen = false;
                    continue;
                }
                double x = LEFT + plotWidth * (sample.atSeconds() - t0) / (t1 - t0);
                double y = top + plotHeight - plotHeight * v / max;
                path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                pen = true;
            }
            svg.append(String.format(Locale.ROOT,
                    "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n"
                            + "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
                    path.toString().trim(), s.color(), legendX, top + 14, s.color(), escape(s.name())));
            legendX += 110;
        }
    }

    static String compact(double value) {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", value / 1e6);
        }
        if (value >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", value / 1e3);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.0f" : "%.2f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
