package io.centinela.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import io.centinela.model.onnx.MiniLmWeights;
import io.centinela.model.onnx.OnnxFile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * BERT (all-MiniLM-L6-v2) written with DJL NDArray operations, for training on the PyTorch engine: embeddings,
 * six post-LayerNorm encoder layers, mean pooling over the attention mask and a one-logit classification head.
 * LoRA adapters (A [in, r], B [r, out], B starts at zero) sit beside the chosen projections:
 * {@code y = x W + b + (alpha / r) (x A) B}. DJL's own BertBlock cannot load these weights (see docs/model.md).
 */
public final class BertEncoder implements AutoCloseable {

    private static final float LN_EPS = 1e-12f;

    private final NDManager manager;
    private final Map<String, NDArray> weights = new LinkedHashMap<>();
    private final Map<String, NDArray> loraA = new LinkedHashMap<>();
    private final Map<String, NDArray> loraB = new LinkedHashMap<>();
    private final NDArray headW;
    private final NDArray headB;
    private final float loraScale;
    private final float dropout;
    private final boolean fullFineTune;
    private final int layers;

    /**
     * @param targets projection sub-names to adapt (see {@link MiniLmWeights#PROJECTIONS}); empty = no LoRA
     */
    public BertEncoder(NDManager manager, MiniLmWeights base, int rank, float alpha, Set<String> targets,
                       float dropout, boolean fullFineTune, long seed) {
        this(manager, base, rank, alpha, targets, dropout, fullFineTune, seed, MiniLmWeights.LAYERS);
    }

    /** @param layers encoder layers kept (the first N of the base); the layers above are neither run nor stored */
    public BertEncoder(NDManager manager, MiniLmWeights base, int rank, float alpha, Set<String> targets,
                       float dropout, boolean fullFineTune, long seed, int layers) {
        if (layers < 1 || layers > MiniLmWeights.LAYERS) {
            throw new IllegalArgumentException("layers must be 1.." + MiniLmWeights.LAYERS + ", got " + layers);
        }
        this.layers = layers;
        this.manager = manager;
        this.loraScale = rank > 0 ? alpha / rank : 0f;
        this.dropout = dropout;
        this.fullFineTune = fullFineTune;
        for (String name : List.of("embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
                "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias")) {
            weights.put(name, toArray(base.get(name)));
        }
        for (int l = 0; l < layers; l++) {
            String p = "encoder.layer." + l + ".";
            for (String proj : MiniLmWeights.PROJECTIONS) {
                weights.put(p + proj + ".weight", toArray(base.get(p + proj + ".weight")));
                weights.put(p + proj + ".bias", toArray(base.get(p + proj + ".bias")));
            }
            for (String ln : List.of("attention.output.LayerNorm", "output.LayerNorm")) {
                weights.put(p + ln + ".weight", toArray(base.get(p + ln + ".weight")));
                weights.put(p + ln + ".bias", toArray(base.get(p + ln + ".bias")));
            }
        }
        Random rnd = new Random(seed);
        if (rank > 0) {
            for (int l = 0; l < layers; l++) {
                for (String proj : targets) {
                    if (!MiniLmWeights.PROJECTIONS.contains(proj)) {
                        throw new IllegalArgumentException("unknown LoRA target " + proj + "; use " + MiniLmWeights.PROJECTIONS);
                    }
                    String w = "encoder.layer." + l + "." + proj + ".weight";
                    Shape s = weights.get(w).getShape();
                    // Kaiming-uniform-like A (as in the LoRA paper's code), zero B: the adapter starts as identity.
                    float bound = (float) (1.0 / Math.sqrt(s.get(0)));
                    loraA.put(w, manager.create(uniform(rnd, (int) (s.get(0) * rank), bound), new Shape(s.get(0), rank)));
                    loraB.put(w, manager.zeros(new Shape(rank, s.get(1))));
                }
            }
        }
        float hb = (float) (1.0 / Math.sqrt(MiniLmWeights.HIDDEN));
        headW = manager.create(uniform(rnd, MiniLmWeights.HIDDEN, hb), new Shape(MiniLmWeights.HIDDEN, 1));
        headB = manager.zeros(new Shape(1));
        for (NDArray a : trainable().values()) {
            a.setRequiresGradient(true);
        }
    }

    private static float[] uniform(Random rnd, int n, float bound) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (rnd.nextFloat() * 2 - 1) * bound;
        }
        return v;
    }

    private NDArray toArray(OnnxFile.Tensor t) {
        return manager.create(t.floats(), new Shape(t.dims()));
    }

    /** The parameters the optimiser updates, by name. */
    public Map<String, NDArray> trainable() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        loraA.forEach((k, v) -> out.put("lora_A." + k, v));
        loraB.forEach((k, v) -> out.put("lora_B." + k, v));
        out.put("head.weight", headW);
        out.put("head.bias", headB);
        if (fullFineTune) {
            weights.forEach((k, v) -> {
                if (!k.equals("embeddings.word_embeddings.weight")) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    public int layers() {
        return layers;
    }

    public float loraScale() {
        return loraScale;
    }

    public Map<String, NDArray> loraA() {
        return loraA;
    }

    public Map<String, NDArray> loraB() {
        return loraB;
    }

    public Map<String, NDArray> weights() {
        return weights;
    }

    public NDArray headWeight() {
        return headW;
    }

    public NDArray headBias() {
        return headB;
    }

    /** Last hidden state [B, T, 384]. {@code ids} and {@code mask} are int64 [B, T]. */
    public NDArray encode(NDArray ids, NDArray mask, boolean training) {
        long t = ids.getShape().get(1);
        NDArray x = Embedding.embedding(ids, weights.get("embeddings.word_embeddings.weight"),
                ai.djl.ndarray.types.SparseFormat.DENSE).singletonOrThrow();
        x = x.add(weights.get("embeddings.position_embeddings.weight").get("0:" + t))
                .add(weights.get("embeddings.token_type_embeddings.weight").get(0));
        x = layerNorm(x, "embeddings.LayerNorm");
        x = drop(x, training);
        // Additive mask: 0 for tokens, -10000 for padding (as the ONNX export does), shape [B, 1, 1, T].
        NDArray bias = mask.toType(DataType.FLOAT32, false).neg().add(1f).mul(-10000f).expandDims(1).expandDims(1);
        for (int l = 0; l < layers; l++) {
            x = layer(x, bias, "encoder.layer." + l + ".", training);
        }
        return x;
    }

    /** One logit per sequence [B]. */
    public NDArray logits(NDArray ids, NDArray mask, boolean training) {
        NDArray h = encode(ids, mask, training);
        NDArray pooled = meanPool(h, mask);
        pooled = drop(pooled, training);
        return pooled.matMul(headW).add(headB).squeeze(1);
    }

    public static NDArray meanPool(NDArray h, NDArray mask) {
        NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(2);
        return h.mul(m).sum(new int[]{1}).div(m.sum(new int[]{1}).maximum(1e-9f));
    }

    private NDArray layer(NDArray x, NDArray maskBias, String p, boolean training) {
        Shape s = x.getShape();
        long b = s.get(0);
        long t = s.get(1);
        int heads = MiniLmWeights.HEADS;
        long dh = MiniLmWeights.HIDDEN / heads;
        NDArray q = linear(x, p + "attention.self.query").reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
        NDArray k = linear(x, p + "attention.self.key").reshape(b, t, heads, dh).transpose(0, 2, 3, 1);
        NDArray v = linear(x, p + "attention.self.value").reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
        NDArray scores = q.matMul(k).div((float) Math.sqrt(dh)).add(maskBias);
        NDArray probs = drop(scores.softmax(-1), training);
        NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, MiniLmWeights.HIDDEN);
        NDArray attn = drop(linear(ctx, p + "attention.output.dense"), training);
        x = layerNorm(x.add(attn), p + "attention.output.LayerNorm");
        NDArray h = Activation.gelu(linear(x, p + "intermediate.dense"));
        h = drop(linear(h, p + "output.dense"), training);
        return layerNorm(x.add(h), p + "output.LayerNorm");
    }

    private NDArray linear(NDArray x, String name) {
        String w = name + ".weight";
        NDArray y = x.matMul(weights.get(w)).add(weights.get(name + ".bias"));
        NDArray a = loraA.get(w);
        if (a != null) {
            y = y.add(x.matMul(a).matMul(loraB.get(w)).mul(loraScale));
        }
        return y;
    }

    private NDArray layerNorm(NDArray x, String name) {
        return LayerNorm.layerNorm(x, new Shape(MiniLmWeights.HIDDEN), weights.get(name + ".weight"),
                weights.get(name + ".bias"), LN_EPS).singletonOrThrow();
    }

    private NDArray drop(NDArray x, boolean training) {
        if (!training || dropout <= 0f) {
            return x;
        }
        return Dropout.dropout(x, dropout, true).singletonOrThrow();
    }

    /** Merged projection weights W + scale * A B for every adapted projection (or every changed weight when full). */
    public Map<String, float[]> mergedWeights() {
        Map<String, float[]> out = new LinkedHashMap<>();
        if (fullFineTune) {
            weights.forEach((k, v) -> {
                if (!k.equals("embeddings.word_embeddings.weight")) {
                    out.put(k, v.toFloatArray());
                }
            });
            // LoRA may be combined with full fine-tuning; fold it in below.
        }
        loraA.forEach((w, a) -> {
            try (NDManager sub = manager.newSubManager()) {
                NDArray delta = a.matMul(loraB.get(w)).mul(loraScale);
                delta.attach(sub);
                NDArray merged = weights.get(w).add(delta);
                merged.attach(sub);
                out.put(w, merged.toFloatArray());
            }
        });
        return out;
    }

    @Override
    public void close() {
        // Arrays belong to the manager the caller passed in; the caller closes it.
    }

    /** All arrays for a checkpoint (trainable ones only; the base comes from the ONNX file). */
    public List<String> trainableNames() {
        return new ArrayList<>(trainable().keySet());
    }
}
