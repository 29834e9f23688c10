package org.icsmap.cli.marts;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/** The report's charts as inline SVG: horizontal bars (a suppressed value is an outlined, labelled gap) and a curve. */
final class Svg {

    private static final int WIDTH = 760;
    private static final int LABEL = 250;
    private static final int ROW = 22;
    private static final int VALUE_SPACE = 70;

    /** One bar; {@code value} is null when the cell is suppressed. */
    record Bar(String label, Double value) {
    }

    private Svg() {
    }

    static String bars(String id, String title, List<Bar> bars, DoubleFunction<String> format) {
        double max = bars.stream().filter(b -> b.value() != null).mapToDouble(Bar::value).max().orElse(1);
        int height = bars.size() * ROW + 30;
        StringBuilder svg = open(id, title, height);
        int plot = WIDTH - LABEL - VALUE_SPACE;
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = 24 + i * ROW;
            svg.append(text(LABEL - 8, y + 13, "end", bar.label()));
            if (bar.value() == null) {
                svg.append(String.format(Locale.ROOT, "<rect class=\"hatch\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>", LABEL, y + 2, 60, ROW - 6));
                svg.append(text(LABEL + 66, y + 13, "start", "suppressed"));
            } else {
                double width = max <= 0 ? 0 : Math.max(1, bar.value() / max * plot);
                svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>%s: %s</title></rect>",
                        LABEL, y + 2, width, ROW - 6, HtmlReport.html(bar.label()), HtmlReport.html(format.apply(bar.value()))));
                svg.append(text((int) (LABEL + width + 6), y + 13, "start", format.apply(bar.value())));
            }
        }
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"20\" x2=\"%d\" y2=\"%d\"/>", LABEL, LABEL, height - 4));
        return svg.append("</svg>\n").toString();
    }

    static String pairedBars(String id, String title, List<Bar> first, List<Bar> second, String firstName, String secondName) {
        double max = java.util.stream.Stream.concat(first.stream(), second.stream()).filter(b -> b.value() != null).mapToDouble(Bar::value).max().orElse(1);
        int row = ROW * 2 - 4;
        int height = first.size() * row + 40;
        StringBuilder svg = open(id, title, height);
        svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"4\" width=\"12\" height=\"10\"/>", LABEL));
        svg.append(text(LABEL + 16, 13, "start", firstName));
        svg.append(String.format(Locale.ROOT, "<rect class=\"bar2\" x=\"%d\" y=\"4\" width=\"12\" height=\"10\"/>", LABEL + 90));
        svg.append(text(LABEL + 106, 13, "start", secondName));
        int plot = WIDTH - LABEL - VALUE_SPACE;
        for (int i = 0; i < first.size(); i++) {
            int y = 30 + i * row;
            svg.append(text(LABEL - 8, y + 16, "end", first.get(i).label()));
            for (int s = 0; s < 2; s++) {
                Bar bar = (s == 0 ? first : second).get(i);
                int top = y + s * (ROW / 2 + 4);
                if (bar.value() == null) {
                    svg.append(String.format(Locale.ROOT, "<rect class=\"hatch\" x=\"%d\" y=\"%d\" width=\"40\" height=\"%d\"/>", LABEL, top, ROW / 2));
                    svg.append(text(LABEL + 46, top + 10, "start", "suppressed"));
                } else {
                    double width = max <= 0 ? 0 : Math.max(1, bar.value() / max * plot);
                    svg.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>", s == 0 ? "bar" : "bar2",
                            LABEL, top, width, ROW / 2));
                    svg.append(text((int) (LABEL + width + 6), top + 10, "start", HtmlReport.countShort(bar.value())));
                }
            }
        }
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"26\" x2=\"%d\" y2=\"%d\"/>", LABEL, LABEL, height - 4));
        return svg.append("</svg>\n").toString();
    }

    /** A curve through (share of patients %, share of cost %) points, with the line of equal shares for reference. */
    static String curve(String id, String title, List<double[]> points) {
        int left = 60;
        int top = 20;
        int size = 300;
        StringBuilder svg = open(id, title, size + 70);
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, top + size, left + size * 2, top + size));
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, top, left, top + size));
        svg.append(String.format(Locale.ROOT, "<line class=\"equal\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, top + size, left + size * 2, top));
        for (int tick = 0; tick <= 100; tick += 20) {
            svg.append(text(left + tick * size * 2 / 100, top + size + 16, "middle", tick + "%"));
            svg.append(text(left - 6, top + size - tick * size / 100 + 4, "end", tick + "%"));
        }
        svg.append(text(left + size, top + size + 36, "middle", "share of patients, costliest first"));
        svg.append(text(left + 8, top + 10, "start", "share of all cost"));
        StringBuilder path = new StringBuilder();
        for (double[] point : points) {
            double x = left + point[0] * size * 2 / 100;
            double y = top + size - point[1] * size / 100;
            path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            if (point[0] > 0 && point[0] < 100) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" class=\"bar\"/>", x, y));
                svg.append(text((int) x + 8, (int) y + 14, "start",
                        String.format(Locale.UK, "top %.0f%% of patients: %.0f%% of cost", point[0], point[1])));
            }
        }
        svg.append("<path class=\"line\" d=\"").append(path).append("\"/>");
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open(String id, String title, int height) {
        return new StringBuilder(String.format(Locale.ROOT,
                "<svg class=\"chart\" id=\"%s\" role=\"img\" aria-labelledby=\"%s-title\" viewBox=\"0 0 %d %d\">"
                        + "<title id=\"%s-title\">%s</title>\n", id, id, WIDTH, height, id, HtmlReport.html(title)));
    }

    private static String text(int x, int y, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>", x, y, anchor, HtmlReport.html(content));
    }
}
