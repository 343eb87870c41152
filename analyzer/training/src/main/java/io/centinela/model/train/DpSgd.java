package io.centinela.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Differentially private SGD (Abadi et al. 2016): per-example gradients (one backward pass per example), each
 * clipped to L2 norm {@code clip}, summed, plus Gaussian noise N(0, (sigma * clip)^2), averaged over the batch.
 * The privacy budget is computed with the Renyi-DP accountant of the sampled Gaussian mechanism (Mironov et al.
 * 2019, integer orders), sampling rate q = batch / dataset size.
 */
final class DpSgd {

    private final double clip;
    private final double sigma;
    private final Random rnd;
    private final Map<String, float[]> sums = new HashMap<>();
    private final Map<String, ai.djl.ndarray.types.Shape> shapes = new HashMap<>();
    private int examples;
    private long dropped;

    DpSgd(double clip, double sigma, Random rnd) {
        this.clip = clip;
        this.sigma = sigma;
        this.rnd = rnd;
    }

    double accumulate(NDManager sm, BertEncoder enc, Map<String, NDArray> params, List<Trainer.Item> batch,
                      double posWeight, double negWeight, BiFunction<NDManager, List<Trainer.Item>, NDArray[]> tensors) {
        Engine engine = Engine.getEngine("PyTorch");
        double lossSum = 0;
        for (Trainer.Item item : batch) {
            List<Trainer.Item> one = List.of(item);
            NDArray[] x = tensors.apply(sm, one);
            NDArray[] yw = Trainer.labels(sm, one, posWeight, negWeight);
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray loss = Trainer.bce(enc.logits(x[0], x[1], true), yw[0], yw[1]);
                gc.backward(loss);
                lossSum += loss.getFloat();
            }
            Map<String, NDArray> g = new HashMap<>();
            double sq = 0;
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray gr = e.getValue().getGradient();
                gr.attach(sm);
                g.put(e.getKey(), gr);
                sq += gr.square().sum().getFloat();
            }
            // An example whose gradient is not finite is left out of this step (clipping cannot bound it); it
            // still counts as sampled, which only makes the privacy accounting conservative.
            boolean finite = Double.isFinite(sq);
            double factor = Math.min(1.0, clip / Math.max(1e-12, Math.sqrt(sq)));
            for (Map.Entry<String, NDArray> e : g.entrySet()) {
                if (finite) {
                    float[] v = e.getValue().toFloatArray();
                    float[] acc = sums.computeIfAbsent(e.getKey(), k -> new float[v.length]);
                    shapes.put(e.getKey(), e.getValue().getShape());
                    for (int i = 0; i < v.length; i++) {
                        acc[i] += (float) (v[i] * factor);
                    }
                }
                // fill, not g - g: inf - inf would leave NaN in the gradient for every later example
                e.getValue().set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
            }
            if (!finite) {
                dropped++;
            }
            examples++;
        }
        return lossSum / batch.size();
    }

    /** Noisy mean gradient for a parameter; the trainer scales it like a normal gradient. */
    NDArray gradient(String name, NDManager m) {
        float[] acc = sums.get(name);
        float[] out = new float[acc.length];
        for (int i = 0; i < acc.length; i++) {
            out[i] = (float) ((acc[i] + rnd.nextGaussian() * sigma * clip) / Math.max(1, examples));
        }
        return m.create(out, shapes.get(name));
    }

    /** Examples left out because their gradient was not finite, since the start. */
    long dropped() {
        return dropped;
    }

    void reset() {
        sums.values().forEach(a -> java.util.Arrays.fill(a, 0f));
        examples = 0;
    }

    /** (epsilon, delta)-DP after {@code steps} steps with sampling rate {@code q}. */
    double epsilon(int steps, double q, double delta) {
        return epsilon(steps, q, sigma, delta);
    }

    static double epsilon(int steps, double q, double sigma, double delta) {
        double best = Double.POSITIVE_INFINITY;
        for (int alpha = 2; alpha <= 256; alpha++) {
            double rdp = steps * logA(alpha, q, sigma) / (alpha - 1);
            best = Math.min(best, rdp + Math.log(1 / delta) / (alpha - 1));
        }
        return best;
    }

    /** log A_alpha for integer alpha: log sum_k C(alpha,k) (1-q)^(alpha-k) q^k exp((k^2-k)/(2 sigma^2)). */
    static double logA(int alpha, double q, double sigma) {
        if (q >= 1.0) {
            return alpha * (alpha - 1) / (2 * sigma * sigma);
        }
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[alpha + 1];
        for (int k = 0; k <= alpha; k++) {
            terms[k] = logBinom(alpha, k) + (alpha - k) * Math.log1p(-q) + (k == 0 ? 0 : k * Math.log(q))
                    + (k * (double) k - k) / (2 * sigma * sigma);
            max = Math.max(max, terms[k]);
        }
        double s = 0;
        for (double t : terms) {
            s += Math.exp(t - max);
        }
        return max + Math.log(s);
    }

    private static double logBinom(int n, int k) {
        double r = 0;
        for (int i = 1; i <= k; i++) {
            r += Math.log(n - k + i) - Math.log(i);
        }
        return r;
    }
}
