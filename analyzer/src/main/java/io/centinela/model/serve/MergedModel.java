package io.centinela.model.serve;

import io.centinela.model.pkg.Sha256;
import io.centinela.model.onnx.MiniLmWeights;
import io.centinela.model.onnx.OnnxFile;
import io.centinela.model.onnx.RowQuantizer;
import io.centinela.model.pkg.ModelConfig;
import io.centinela.model.pkg.ModelPackage;
import io.centinela.model.pkg.ModelPackageException;
import io.centinela.model.pkg.SafeTensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the servable encoder from a verified package: merges each LoRA adapter into its projection
 * ({@code W + (alpha / r) A B}), writes a copy of the base ONNX with those weights replaced, and for int8 also
 * re-quantises the changed projections of the int8 base (per output column, scale max|W| / 127, zero point 0)
 * and rewrites its activation quantisation from per batch tensor to per row ({@link RowQuantizer}).
 * Files go to a cache folder named by the base and adapter hashes, with a .sha256 beside each that is checked on
 * every reuse. The classification head stays in Java (mean pooling + one dot product).
 */
public final class MergedModel {

    /** The encoder file to serve and the head. */
    public record Built(Path onnx, float[] headWeight, float headBias, ModelConfig config) {
    }

    public enum Precision {
        FP32, INT8
    }

    /**
     * The int8 encoder's file name, versioned by its graph: "rowq" is the per-row quantised graph (RowQuantizer),
     * so a cache written before it (per-batch quantisation, scores that depended on the batch) is never reused.
     */
    static final String INT8_FILE = "encoder-int8-rowq.onnx";

    private MergedModel() {
    }

    public static Path defaultCacheDir() {
        String env = System.getenv("CENTINELA_MODEL_CACHE");
        return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "centinela", "models");
    }

    public static Built build(ModelPackage pkg, Precision precision, Path cacheDir) {
        try {
            Map<String, SafeTensors.Entry> adapter = pkg.adapter();
            SafeTensors.Entry hw = adapter.get("head.weight");
            SafeTensors.Entry hb = adapter.get("head.bias");
            if (hw == null || hb == null || hw.data().length != MiniLmWeights.HIDDEN) {
                throw new ModelPackageException("adapter in " + pkg.dir() + " has no valid classification head");
            }
            int layers = pkg.config().encoderLayers(MiniLmWeights.LAYERS);
            String key = pkg.config().baseSha256().substring(0, 16) + "-" + pkg.adapterSha256().substring(0, 16)
                    + (layers < MiniLmWeights.LAYERS ? "-L" + layers : "");
            Path dir = cacheDir.resolve(key);
            Path out = dir.resolve(precision == Precision.FP32 ? "encoder-fp32.onnx" : INT8_FILE);
            if (!validCached(out)) {
                Files.createDirectories(dir);
                byte[] bytes = precision == Precision.FP32 ? mergeFp32(pkg, adapter) : mergeInt8(pkg, adapter);
                if (layers < MiniLmWeights.LAYERS) {
                    bytes = truncate(bytes, layers);
                }
                Path tmp = Files.createTempFile(dir, "encoder", ".tmp");
                Files.write(tmp, bytes);
                Files.writeString(sidecar(out), Sha256.of(bytes));
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return new Built(out, hw.data(), hb.data()[0], pkg.config());
        } catch (IOException e) {
            throw new ModelPackageException("cannot build the merged model for " + pkg.dir() + ": " + e.getMessage(), e);
        }
    }

    private static Path sidecar(Path onnx) {
        return onnx.resolveSibling(onnx.getFileName() + ".sha256");
    }

    private static boolean validCached(Path out) throws IOException {
        Path sc = sidecar(out);
        if (!Files.isRegularFile(out) || !Files.isRegularFile(sc)) {
            return false;
        }
        return Sha256.of(out).equals(Files.readString(sc).trim());
    }

    /** Merged float weights by Hugging Face name ([in, out]). */
    static Map<String, float[]> mergedWeights(MiniLmWeights base, Map<String, SafeTensors.Entry> adapter, ModelConfig cfg) {
        Map<String, float[]> out = new LinkedHashMap<>();
        float scale = cfg.loraRank() > 0 ? cfg.loraAlpha() / cfg.loraRank() : 0f;
        for (Map.Entry<String, SafeTensors.Entry> e : adapter.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith("lora_") && !k.startsWith("head.")) {
                out.put(k, e.getValue().data().clone()); // full fine-tuning: the tuned weight itself
            }
        }
        for (Map.Entry<String, SafeTensors.Entry> e : adapter.entrySet()) {
            if (!e.getKey().startsWith("lora_A.")) {
                continue;
            }
            String w = e.getKey().substring("lora_A.".length());
            SafeTensors.Entry a = e.getValue();
            SafeTensors.Entry b = adapter.get("lora_B." + w);
            if (b == null) {
                throw new ModelPackageException("adapter has lora_A." + w + " but no lora_B");
            }
            float[] merged = out.containsKey(w) ? out.get(w) : base.get(w).floats();
            int in = (int) a.shape()[0];
            int r = (int) a.shape()[1];
            int o = (int) b.shape()[1];
            if (merged.length != in * o) {
                throw new ModelPackageException("adapter shape for " + w + " does not fit the base model");
            }
            for (int i = 0; i < in; i++) {
                for (int k = 0; k < r; k++) {
                    float av = a.data()[i * r + k] * scale;
                    if (av == 0f) {
                        continue;
                    }
                    int bo = k * o;
                    int mo = i * o;
                    for (int j = 0; j < o; j++) {
                        merged[mo + j] += av * b.data()[bo + j];
                    }
                }
            }
            out.put(w, merged);
        }
        return out;
    }

    static byte[] mergeFp32(ModelPackage pkg, Map<String, SafeTensors.Entry> adapter) throws IOException {
        MiniLmWeights base = MiniLmWeights.load(pkg.baseOnnx());
        return base.withWeights(mergedWeights(base, adapter, pkg.config()));
    }

    static byte[] mergeInt8(ModelPackage pkg, Map<String, SafeTensors.Entry> adapter) throws IOException {
        MiniLmWeights base = MiniLmWeights.load(pkg.baseOnnx());
        Map<String, float[]> merged = mergedWeights(base, adapter, pkg.config());
        OnnxFile q = OnnxFile.parse(MiniLmWeights.readResource(MiniLmWeights.INT8_RESOURCE));
        Map<String, OnnxFile.Tensor> repl = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : merged.entrySet()) {
            String onnxName = base.onnxName(e.getKey());
            OnnxFile.Tensor qw = q.initializers().get(onnxName + "_quantized");
            if (qw != null) {
                quantize(q, onnxName, base.get(e.getKey()).dims(), e.getValue(), repl);
            } else if (q.initializers().containsKey(onnxName)) {
                OnnxFile.Tensor old = q.initializers().get(onnxName);
                repl.put(onnxName, OnnxFile.Tensor.ofFloats(onnxName, old.dims(), e.getValue()));
            } else {
                throw new ModelPackageException("the int8 base model has no weight for " + e.getKey()
                        + " (embeddings are stored quantised there); serve this package in fp32");
            }
        }
        // Per-row activation quantisation: an event's score must not depend on the batch it lands in.
        return RowQuantizer.rewrite(q.rewrite(repl));
    }

    /**
     * Keeps the first {@code layers} encoder layers: the graph output {@code last_hidden_state} is rewired to the
     * output LayerNorm of layer {@code layers - 1} and the layers above are removed (same tensor names in the fp32
     * and int8 exports).
     */
    static byte[] truncate(byte[] onnx, int layers) throws IOException {
        return OnnxFile.parse(onnx).rerouteOutput(MiniLmWeights.OUTPUT,
                "/encoder/layer." + (layers - 1) + "/output/LayerNorm/Add_1_output_0");
    }

    /** Symmetric per-column int8 quantisation of W [in, out]. */
    private static void quantize(OnnxFile q, String name, long[] dims, float[] w, Map<String, OnnxFile.Tensor> repl) {
        int in = (int) dims[0];
        int out = (int) dims[1];
        OnnxFile.Tensor qw = q.initializers().get(name + "_quantized");
        OnnxFile.Tensor sc = q.initializers().get(name + "_scale");
        OnnxFile.Tensor zp = q.initializers().get(name + "_zero_point");
        if (qw.dataType() != OnnxFile.INT8 || sc == null || zp == null || sc.size() != out || zp.dataType() != OnnxFile.INT8) {
            throw new ModelPackageException("unexpected int8 layout for " + name + " in the int8 base model");
        }
        float[] scale = new float[out];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                scale[j] = Math.max(scale[j], Math.abs(w[i * out + j]));
            }
        }
        for (int j = 0; j < out; j++) {
            scale[j] = scale[j] == 0 ? 1f : scale[j] / 127f;
        }
        byte[] data = new byte[in * out];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                data[i * out + j] = (byte) Math.max(-127, Math.min(127, Math.round(w[i * out + j] / scale[j])));
            }
        }
        repl.put(qw.name(), new OnnxFile.Tensor(qw.name(), qw.dims(), OnnxFile.INT8, data));
        repl.put(sc.name(), OnnxFile.Tensor.ofFloats(sc.name(), sc.dims(), scale));
        repl.put(zp.name(), new OnnxFile.Tensor(zp.name(), zp.dims(), OnnxFile.INT8, new byte[out]));
    }
}
