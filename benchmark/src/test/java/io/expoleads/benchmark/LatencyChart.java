package io.expoleads.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The run's picture: p50 and p99 of each end-to-end stage against the arrival rate, on a
 * logarithmic latency axis, with the two latency objectives drawn across it and the objectives'
 * arrival rate marked, so a reader sees at a glance where the stack stops keeping them.
 */
final class LatencyChart {

    private static final List<Color> COLOURS = List.of(new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd));

    private LatencyChart() {
    }

    /** Draws the chart of this run's latencies into a PNG of 1200 x 700 pixels. */
    static void write(Latencies latencies, Settings settings, String subtitle, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Latencies.Stage stage : Latencies.Stage.values()) {
            Map<Integer, Histogram> byRate = latencies.all(stage);
            XYSeries p50 = new XYSeries(label(stage) + " p50");
            XYSeries p99 = new XYSeries(label(stage) + " p99");
            for (int rate : settings.rates()) {
                Histogram histogram = byRate.get(rate);
                if (histogram != null && histogram.getTotalCount() > 0) {
                    // A latency axis in milliseconds that is logarithmic cannot show zero: 0.1 ms is its floor.
                    p50.add(rate, Math.max(0.1, histogram.getValueAtPercentile(50) / 1000.0));
                    p99.add(rate, Math.max(0.1, histogram.getValueAtPercentile(99) / 1000.0));
                }
            }
            data.addSeries(p50);
            data.addSeries(p99);
        }

        NumberAxis rates = new NumberAxis("arrival rate (single scans per second, open loop)");
        rates.setAutoRangeIncludesZero(true);
        // From the power of ten below the fastest figure to the one above the slowest, and never
        // narrower than the objectives' lines (100 ms, 1 s), so both are always in the picture.
        double fastest = Math.min(50, lowest(data));
        double slowest = Math.max(2_000, highest(data));
        LogAxis millis = new LogAxis("latency from the scan sent (ms, logarithmic)");
        millis.setBase(10);
        millis.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
        millis.setTickUnit(new NumberTickUnit(1)); // one labelled tick per power of ten
        millis.setMinorTickCount(9);
        millis.setMinorTickMarksVisible(true);
        millis.setRange(Math.pow(10, Math.floor(Math.log10(fastest))), Math.pow(10, Math.ceil(Math.log10(slowest))));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int stage = 0; stage < Latencies.Stage.values().length; stage++) {
            Color colour = COLOURS.get(stage % COLOURS.size());
            renderer.setSeriesPaint(2 * stage, colour);
            renderer.setSeriesStroke(2 * stage, new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {6f, 4f}, 0f));
            renderer.setSeriesPaint(2 * stage + 1, colour);
            renderer.setSeriesStroke(2 * stage + 1, new BasicStroke(2.5f));
        }
        XYPlot plot = new XYPlot(data, rates, millis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.addRangeMarker(objective(100, "receipt objective: p99 <= 100 ms", COLOURS.get(0)), Layer.FOREGROUND);
        plot.addRangeMarker(objective(1_000, "webhook objective: p99 <= 1 s", COLOURS.get(2)), Layer.FOREGROUND);
        IntervalMarker objectiveRate = new IntervalMarker(195, 205, new Color(0, 0, 0, 24));
        objectiveRate.setLabel("objectives' rate");
        objectiveRate.setLabelAnchor(RectangleAnchor.TOP);
        objectiveRate.setLabelTextAnchor(TextAnchor.TOP_CENTER);
        plot.addDomainMarker(objectiveRate, Layer.BACKGROUND);

        JFreeChart chart = new JFreeChart("Expo Leads: end-to-end latency against arrival rate",
                new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.setBackgroundPaint(Color.WHITE);
        Files.createDirectories(png.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1200, 700);
    }

    private static double lowest(XYSeriesCollection data) {
        double lowest = Double.MAX_VALUE;
        for (int series = 0; series < data.getSeriesCount(); series++) {
            for (int item = 0; item < data.getItemCount(series); item++) {
                lowest = Math.min(lowest, data.getYValue(series, item));
            }
        }
        return lowest;
    }

    private static double highest(XYSeriesCollection data) {
        double highest = 0;
        for (int series = 0; series < data.getSeriesCount(); series++) {
            for (int item = 0; item < data.getItemCount(series); item++) {
                highest = Math.max(highest, data.getYValue(series, item));
            }
        }
        return highest;
    }

    private static ValueMarker objective(double millis, String label, Color colour) {
        ValueMarker marker = new ValueMarker(millis, colour, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                new float[] {2f, 3f}, 0f));
        marker.setLabel(label);
        marker.setLabelPaint(colour);
        marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        return marker;
    }

    private static String label(Latencies.Stage stage) {
        return switch (stage) {
            case RECEIPT -> "receipt (202)";
            case STORED -> "lead stored";
            case WEBHOOK -> "webhook received";
            case EMAIL -> "email in the inbox";
        };
    }
}
