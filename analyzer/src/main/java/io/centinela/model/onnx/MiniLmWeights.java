package io.centinela.model.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of the base BERT (all-MiniLM-L6-v2) read from its fp32 ONNX file, under Hugging Face names.
 * The exporter leaves the 36 projection matrices anonymous ({@code onnx::MatMul_787}, stored [in, out]); each is
 * named by following its MatMul node to the Add that adds a named bias ({@code ...query.bias} gives
 * {@code ...query.weight}).
 */
public final class MiniLmWeights {

    /** Resource names inside the langchain4j artifacts. */
    public static final String FP32_RESOURCE = "all-minilm-l6-v2.onnx";
    public static final String INT8_RESOURCE = "all-minilm-l6-v2-q.onnx";
    public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    public static final int LAYERS = 6;
    /** Name of the encoder graph's output (last hidden state [batch, tokens, 384]) in both exports. */
    public static final String OUTPUT = "last_hidden_state";
    public static final int HIDDEN = 384;
    public static final int HEADS = 12;
    public static final int FFN = 1536;
    public static final int MAX_POSITIONS = 512;

    private final OnnxFile onnx;
    private final byte[] bytes;
    private final Map<String, OnnxFile.Tensor> byName = new LinkedHashMap<>();
    private final Map<String, String> onnxNameOf = new HashMap<>();

    private MiniLmWeights(byte[] bytes) throws IOException {
        this.bytes = bytes;
        this.onnx = OnnxFile.parse(bytes);
        Map<String, OnnxFile.Tensor> init = onnx.initializers();
        Map<String, String> addBiasByInput = new HashMap<>();
        for (OnnxFile.Node n : onnx.nodes()) {
            if (n.opType().equals("Add") && n.inputs().size() == 2) {
                String a = n.inputs().get(0);
                String b = n.inputs().get(1);
                if (init.containsKey(a) && a.endsWith(".bias")) {
                    addBiasByInput.put(b, a);
                } else if (init.containsKey(b) && b.endsWith(".bias")) {
                    addBiasByInput.put(a, b);
                }
            }
        }
        for (OnnxFile.Node n : onnx.nodes()) {
            if (n.opType().equals("MatMul") && n.inputs().size() == 2 && init.containsKey(n.inputs().get(1))) {
                String bias = addBiasByInput.get(n.outputs().get(0));
                if (bias != null) {
                    String name = bias.substring(0, bias.length() - ".bias".length()) + ".weight";
                    onnxNameOf.put(name, n.inputs().get(1));
                }
            }
        }
        for (OnnxFile.Tensor t : init.values()) {
            byName.put(t.name(), t);
        }
        onnxNameOf.forEach((hf, on) -> byName.put(hf, init.get(on)));
        for (int l = 0; l < LAYERS; l++) {
            for (String p : PROJECTIONS) {
                String w = "encoder.layer." + l + "." + p + ".weight";
                if (!byName.containsKey(w)) {
                    throw new IOException("the ONNX file has no weight for " + w + ": not an all-MiniLM-L6-v2 export");
                }
            }
        }
    }

    /** The six projections of each layer, by their Hugging Face sub-name. */
    public static final List<String> PROJECTIONS = List.of("attention.self.query", "attention.self.key",
            "attention.self.value", "attention.output.dense", "intermediate.dense", "output.dense");

    public static MiniLmWeights load(byte[] onnxBytes) throws IOException {
        return new MiniLmWeights(onnxBytes);
    }

    /** Loads the fp32 base model from the class path (the langchain4j artifact). */
    public static MiniLmWeights loadBase() throws IOException {
        return load(readResource(FP32_RESOURCE));
    }

    public static byte[] readResource(String name) throws IOException {
        try (InputStream in = MiniLmWeights.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is not on the class path (langchain4j MiniLM artifact missing)");
            }
            return in.readAllBytes();
        }
    }

    public byte[] bytes() {
        return bytes;
    }

    public OnnxFile onnx() {
        return onnx;
    }

    /** A tensor by Hugging Face name ({@code encoder.layer.0.attention.self.query.weight}, [in, out]). */
    public OnnxFile.Tensor get(String name) {
        OnnxFile.Tensor t = byName.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no weight " + name);
        }
        return t;
    }

    /** The initializer name in the ONNX file for a Hugging Face weight name. */
    public String onnxName(String name) {
        return onnxNameOf.getOrDefault(name, name);
    }

    /** Writes a copy of the ONNX model with the given weights (Hugging Face names, [in, out]) replaced. */
    public byte[] withWeights(Map<String, float[]> replaced) throws IOException {
        Map<String, OnnxFile.Tensor> repl = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : replaced.entrySet()) {
            OnnxFile.Tensor old = get(e.getKey());
            String on = onnxName(e.getKey());
            repl.put(on, OnnxFile.Tensor.ofFloats(on, old.dims(), e.getValue()));
        }
        return onnx.rewrite(repl);
    }
}
