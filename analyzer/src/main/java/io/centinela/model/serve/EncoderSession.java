package io.centinela.model.serve;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.centinela.model.onnx.MiniLmWeights;

import java.io.IOException;

import java.util.List;

/**
 * One ONNX Runtime session (through DJL) of the merged encoder plus the Java head: token ids in, malicious
 * probabilities out. Not thread-safe: one owner thread (the batcher) calls {@link #score}.
 */
public final class EncoderSession implements AutoCloseable {

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final float[] headW;
    private final float headB;
    private final boolean gpu;

    public EncoderSession(MergedModel.Built built, int threads, DeviceChoice.Decision device) {
        RuntimeSettings.apply(threads);
        this.headW = built.headWeight();
        this.headB = built.headBias();
        this.gpu = device.gpu();
        try {
            Criteria<NDList, NDList> criteria = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optModelPath(built.onnx())
                    .optEngine("OnnxRuntime")
                    .optDevice(device.gpu() ? Device.gpu() : Device.cpu())
                    .optTranslator(new NoopTranslator())
                    // ORT reads its thread counts only from these options (a SessionOptions object is ignored).
                    .optOption("intraOpNumThreads", String.valueOf(Math.max(1, threads)))
                    .optOption("interOpNumThreads", "1")
                    .optOption("executionMode", "SEQUENTIAL")
                    .build();
            model = criteria.loadModel();
            predictor = model.newPredictor();
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("cannot load the encoder " + built.onnx() + ": " + e.getMessage(), e);
        }
    }

    public boolean gpu() {
        return gpu;
    }

    /** One batch's output: the probability and the mean-pooled sentence embedding of each sequence. */
    public record Encoded(float[] scores, float[][] pooled) {
    }

    /** Probabilities for one batch; sequences are padded to the longest. */
    public float[] score(List<long[]> ids) {
        return encode(ids, 1).scores();
    }

    /** As {@link #score(List)}, padded to at least {@code padTo} tokens (tests: a score must not depend on it). */
    float[] score(List<long[]> ids, int padTo) {
        return encode(ids, padTo).scores();
    }

    /**
     * Probabilities and pooled embeddings for one batch (the embedding is the head's input, so the scores are
     * exactly those of {@link #score}).
     */
    public Encoded encode(List<long[]> ids) {
        return encode(ids, 1);
    }

    private Encoded encode(List<long[]> ids, int padTo) {
        int b = ids.size();
        int t = Math.max(1, padTo);
        for (long[] x : ids) {
            t = Math.max(t, x.length);
        }
        long[] flat = new long[b * t];
        long[] mask = new long[b * t];
        for (int i = 0; i < b; i++) {
            long[] x = ids.get(i);
            System.arraycopy(x, 0, flat, i * t, x.length);
            for (int j = 0; j < x.length; j++) {
                mask[i * t + j] = 1;
            }
        }
        try (NDManager m = model.getNDManager().newSubManager()) {
            Shape s = new Shape(b, t);
            NDArray idArr = m.create(flat, s);
            idArr.setName("input_ids");
            NDArray maskArr = m.create(mask, s);
            maskArr.setName("attention_mask");
            NDArray typeArr = m.zeros(s, ai.djl.ndarray.types.DataType.INT64);
            typeArr.setName("token_type_ids");
            NDList out = predictor.predict(new NDList(idArr, maskArr, typeArr));
            float[] h = out.get(0).toFloatArray();
            out.close();
            float[][] pooled = pool(h, mask, b, t);
            return new Encoded(head(pooled), pooled);
        } catch (TranslateException e) {
            throw new IllegalStateException("encoder inference failed: " + e.getMessage(), e);
        }
    }

    /** Mean pooling over real tokens (how the base model and the head were trained). */
    private static float[][] pool(float[] h, long[] mask, int b, int t) {
        int d = MiniLmWeights.HIDDEN;
        float[][] out = new float[b][d];
        for (int i = 0; i < b; i++) {
            float[] pooled = out[i];
            int n = 0;
            for (int j = 0; j < t; j++) {
                if (mask[i * t + j] == 0) {
                    continue;
                }
                n++;
                int off = (i * t + j) * d;
                for (int k = 0; k < d; k++) {
                    pooled[k] += h[off + k];
                }
            }
            for (int k = 0; k < d; k++) {
                pooled[k] /= Math.max(1, n);
            }
        }
        return out;
    }

    /** The logistic head on pooled vectors. */
    private float[] head(float[][] pooled) {
        float[] out = new float[pooled.length];
        for (int i = 0; i < pooled.length; i++) {
            double z = headB;
            for (int k = 0; k < pooled[i].length; k++) {
                z += pooled[i][k] * headW[k];
            }
            out[i] = (float) (1.0 / (1.0 + Math.exp(-z)));
        }
        return out;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }

}
