package io.centinela.model.eval;

import io.centinela.model.metrics.BinaryMetrics;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** ROC and precision-recall curves as PNG files (XChart), one series per domain. */
final class Charts {

    private Charts() {
    }

    static void roc(Path file, Map<String, BinaryMetrics> byDomain) throws IOException {
        XYChart c = new XYChartBuilder().width(700).height(600).title("ROC (dev)").xAxisTitle("false-positive rate")
                .yAxisTitle("true-positive rate").build();
        for (Map.Entry<String, BinaryMetrics> e : byDomain.entrySet()) {
            add(c, String.format("%s (AUC %.3f)", e.getKey(), e.getValue().rocAuc()), e.getValue().roc());
        }
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static void pr(Path file, Map<String, BinaryMetrics> byDomain) throws IOException {
        XYChart c = new XYChartBuilder().width(700).height(600).title("Precision-recall (dev)").xAxisTitle("recall")
                .yAxisTitle("precision").build();
        for (Map.Entry<String, BinaryMetrics> e : byDomain.entrySet()) {
            add(c, String.format("%s (AP %.3f)", e.getKey(), e.getValue().prAuc()), e.getValue().pr());
        }
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void add(XYChart c, String name, List<BinaryMetrics.Point> pts) {
        if (pts.isEmpty()) {
            return;
        }
        double[] x = pts.stream().mapToDouble(BinaryMetrics.Point::x).toArray();
        double[] y = pts.stream().mapToDouble(BinaryMetrics.Point::y).toArray();
        c.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
    }
}
