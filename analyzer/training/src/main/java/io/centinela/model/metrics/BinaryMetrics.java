package io.centinela.model.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Threshold-free and thresholded metrics of a binary scorer: ROC AUC, PR AUC (average precision), the threshold
 * that keeps the false-positive rate at or under a target, and the confusion matrix at a threshold.
 * Label 1 = malicious. Scores are probabilities; a score >= threshold is flagged.
 */
public final class BinaryMetrics {

    /** Counts and rates at one threshold. */
    public record AtThreshold(double threshold, long tp, long fp, long tn, long fn) {
        public double precision() {
            return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        public double fpr() {
            return fp + tn == 0 ? 0 : (double) fp / (fp + tn);
        }
    }

    /** A point of a curve. */
    public record Point(double x, double y) {
    }

    private final double[] scores;
    private final int[] labels;
    private final Integer[] order; // indices by descending score
    private final long positives;
    private final long negatives;

    public BinaryMetrics(double[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores and labels differ in length");
        }
        this.scores = scores.clone();
        this.labels = labels.clone();
        order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -this.scores[i]));
        positives = Arrays.stream(labels).filter(l -> l == 1).count();
        negatives = labels.length - positives;
    }

    public int size() {
        return scores.length;
    }

    public long positives() {
        return positives;
    }

    public long negatives() {
        return negatives;
    }

    /** ROC curve points (FPR, TPR), one per distinct score. */
    public List<Point> roc() {
        List<Point> pts = new ArrayList<>();
        pts.add(new Point(0, 0));
        long tp = 0;
        long fp = 0;
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (labels[i] == 1) {
                tp++;
            } else {
                fp++;
            }
            if (k == order.length - 1 || scores[order[k + 1]] != scores[i]) {
                pts.add(new Point(negatives == 0 ? 0 : (double) fp / negatives, positives == 0 ? 0 : (double) tp / positives));
            }
        }
        return pts;
    }

    /** Precision-recall points (recall, precision), one per distinct score. */
    public List<Point> pr() {
        List<Point> pts = new ArrayList<>();
        long tp = 0;
        long fp = 0;
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (labels[i] == 1) {
                tp++;
            } else {
                fp++;
            }
            if (k == order.length - 1 || scores[order[k + 1]] != scores[i]) {
                pts.add(new Point(positives == 0 ? 0 : (double) tp / positives, (double) tp / (tp + fp)));
            }
        }
        return pts;
    }

    /** Area under the ROC curve (trapezoids; ties count half). NaN when one class is missing. */
    public double rocAuc() {
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        List<Point> r = roc();
        double area = 0;
        for (int i = 1; i < r.size(); i++) {
            area += (r.get(i).x() - r.get(i - 1).x()) * (r.get(i).y() + r.get(i - 1).y()) / 2;
        }
        return area;
    }

    /** Average precision: sum over recall steps of precision. NaN without positives. */
    public double prAuc() {
        if (positives == 0) {
            return Double.NaN;
        }
        double ap = 0;
        double prevRecall = 0;
        for (Point p : pr()) {
            ap += (p.x() - prevRecall) * p.y();
            prevRecall = p.x();
        }
        return ap;
    }

    public AtThreshold at(double threshold) {
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean flagged = scores[i] >= threshold;
            if (labels[i] == 1) {
                if (flagged) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (flagged) {
                fp++;
            } else {
                tn++;
            }
        }
        return new AtThreshold(threshold, tp, fp, tn, fn);
    }

    /**
     * The lowest threshold whose false-positive rate is at most {@code targetFpr}: at most floor(target * N)
     * benign scores may reach it. Returns a value just above the highest benign score that must stay below.
     */
    public double thresholdForFpr(double targetFpr) {
        double[] neg = new double[(int) negatives];
        int j = 0;
        for (int i = 0; i < scores.length; i++) {
            if (labels[i] == 0) {
                neg[j++] = scores[i];
            }
        }
        if (neg.length == 0) {
            return 0.5;
        }
        Arrays.sort(neg);
        int allowed = (int) Math.floor(targetFpr * neg.length + 1e-9);
        int idx = neg.length - 1 - allowed; // this benign score must not be flagged
        if (idx < 0) {
            return 0.0;
        }
        return Math.nextUp(neg[idx]);
    }

    /** The threshold with the best F1 (for reference). */
    public AtThreshold bestF1() {
        AtThreshold best = at(0.5);
        for (int k = 0; k < order.length; k++) {
            AtThreshold a = at(scores[order[k]]);
            if (a.f1() > best.f1()) {
                best = a;
            }
            if (k > 2000) {
                break;
            }
        }
        return best;
    }
}
