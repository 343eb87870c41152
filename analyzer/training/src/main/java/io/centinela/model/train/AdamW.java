package io.centinela.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay, Loshchilov and Hutter) over named NDArrays, with global-norm gradient clipping.
 * Written here because DJL's optClipGrad clips element values, not the global norm. Biases and LayerNorm
 * parameters get no weight decay. Updates run in place outside any gradient collector.
 */
final class AdamW {

    /** The freshly initialised head learns faster than the adapters of the pre-trained encoder. */
    static final double HEAD_LR_MULTIPLIER = 5.0;

    private final double beta1 = 0.9;
    private final double beta2 = 0.999;
    private final double eps = 1e-8;
    private final double weightDecay;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private int t;

    AdamW(NDManager manager, Map<String, NDArray> params, double weightDecay) {
        this.weightDecay = weightDecay;
        params.forEach((k, p) -> {
            m.put(k, manager.zeros(p.getShape()));
            v.put(k, manager.zeros(p.getShape()));
        });
    }

    /** Global L2 norm of all gradients. */
    static double globalNorm(Map<String, NDArray> grads) {
        double sq = 0;
        for (NDArray g : grads.values()) {
            sq += g.square().sum().getFloat();
        }
        return Math.sqrt(sq);
    }

    /**
     * One step. {@code grads} are detached copies owned by the caller's scope; they are scaled in place by
     * {@code gradScale} (accumulation average and clipping) first.
     */
    void step(Map<String, NDArray> params, Map<String, NDArray> grads, double lr, double gradScale) {
        t++;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            // The temporaries below would otherwise belong to the parameters' (root) manager and live until the
            // end of training: negligible for LoRA, ~140 MB per step for a full fine-tune (an OOM after ~170 steps).
            try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
                update(e.getKey(), e.getValue(), grads.get(e.getKey()), lr, gradScale, bc1, bc2);
            }
        }
    }

    private void update(String k, NDArray p, NDArray grad, double lr, double gradScale, double bc1, double bc2) {
        NDArray g = grad.mul((float) gradScale);
        NDArray mk = m.get(k);
        NDArray vk = v.get(k);
        mk.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
        vk.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
        NDArray update = mk.div((float) bc1).div(vk.div((float) bc2).sqrt().add((float) eps));
        if (decays(k)) {
            update = update.add(p.mul((float) weightDecay));
        }
        p.subi(update.muli((float) (k.startsWith("head.") ? lr * HEAD_LR_MULTIPLIER : lr)));
    }

    private static boolean decays(String name) {
        return !(name.endsWith(".bias") || name.contains("LayerNorm"));
    }
}
