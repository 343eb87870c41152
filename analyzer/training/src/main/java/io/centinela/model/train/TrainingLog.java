package io.centinela.model.train;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Per-evaluation metrics as CSV plus a PNG plot (losses and dev PR AUC over steps). */
final class TrainingLog {

    private final Path csv;
    private final Path png;
    private final List<double[]> rows = new ArrayList<>();

    TrainingLog(Path csv, Path png) throws IOException {
        this.csv = csv;
        this.png = png;
        Files.writeString(csv, "step,epoch,train_loss,dev_loss,dev_selection,seq_per_s\n");
    }

    Path csv() {
        return csv;
    }

    Path png() {
        return png;
    }

    void add(int step, int epoch, double trainLoss, double devLoss, double devPrAuc, double seqPerS) throws IOException {
        rows.add(new double[]{step, epoch, trainLoss, devLoss, devPrAuc, seqPerS});
        Files.writeString(csv, String.format(java.util.Locale.ROOT, "%d,%d,%.5f,%.5f,%.5f,%.2f%n",
                step, epoch, trainLoss, devLoss, devPrAuc, seqPerS), java.nio.file.StandardOpenOption.APPEND);
    }

    void flush() throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Centinela classifier training")
                .xAxisTitle("optimiser step").yAxisTitle("value").build();
        double[] x = rows.stream().mapToDouble(r -> r[0]).toArray();
        chart.addSeries("train loss", x, rows.stream().mapToDouble(r -> r[2]).toArray());
        chart.addSeries("dev loss", x, rows.stream().mapToDouble(r -> r[3]).toArray());
        chart.addSeries("dev selection score", x, rows.stream().mapToDouble(r -> r[4]).toArray());
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    void close() throws IOException {
        flush();
    }
}
