package io.centinela.model.onnx;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OnnxFileTest {

    static MiniLmWeights base;

    @BeforeAll
    static void load() throws Exception {
        base = MiniLmWeights.loadBase();
    }

    @Test
    void namesEveryProjectionOfTheBaseModel() {
        for (int l = 0; l < MiniLmWeights.LAYERS; l++) {
            for (String p : MiniLmWeights.PROJECTIONS) {
                OnnxFile.Tensor t = base.get("encoder.layer." + l + "." + p + ".weight");
                long out = base.get("encoder.layer." + l + "." + p + ".bias").dims()[0];
                assertEquals(out, t.dims()[1], "weights are [in, out] and out matches the bias");
            }
        }
        assertEquals(30522, base.get("embeddings.word_embeddings.weight").dims()[0]);
        assertEquals("onnx::MatMul_787", base.onnxName("encoder.layer.0.attention.self.query.weight"));
    }

    @Test
    void rewriteReplacesOneWeightAndKeepsTheRest() throws Exception {
        String w = "encoder.layer.2.attention.self.value.weight";
        float[] changed = base.get(w).floats();
        changed[5] += 1f;
        byte[] copy = base.withWeights(Map.of(w, changed));
        MiniLmWeights re = MiniLmWeights.load(copy);
        assertArrayEquals(changed, re.get(w).floats());
        assertArrayEquals(base.get("encoder.layer.2.attention.self.key.weight").floats(),
                re.get("encoder.layer.2.attention.self.key.weight").floats());
        assertEquals(base.onnx().nodes().size(), re.onnx().nodes().size());
        assertEquals(base.bytes().length, copy.length, "same layout: one float changed, nothing else");
    }

    @Test
    void rewriteRefusesAWrongSize() {
        assertThrows(IllegalArgumentException.class,
                () -> base.withWeights(Map.of("encoder.layer.0.attention.self.query.weight", new float[3])));
    }

    /** Serving the first N layers: the upper layers and their weights are gone, the output name is kept. */
    @Test
    void rerouteOutputPrunesTheLayersAbove() throws Exception {
        byte[] cut = base.onnx().rerouteOutput(MiniLmWeights.OUTPUT, "/encoder/layer.1/output/LayerNorm/Add_1_output_0");
        OnnxFile pruned = OnnxFile.parse(cut);
        assertEquals(true, pruned.nodes().stream().noneMatch(n -> n.name().contains("/encoder/layer.2/")));
        assertEquals(true, pruned.nodes().stream().anyMatch(n -> n.name().contains("/encoder/layer.1/")));
        assertEquals(true, pruned.initializers().keySet().stream().noneMatch(k -> k.startsWith("encoder.layer.5.")));
        assertEquals(1, pruned.nodes().stream().filter(n -> n.outputs().contains(MiniLmWeights.OUTPUT)).count());
        // Each layer holds ~7 MB of float weights (the 47 MB word embeddings stay): four layers fewer is ~28 MB less.
        assertEquals(true, cut.length < base.bytes().length - 25_000_000, "weights of layers 2-5 dropped: " + cut.length);
        assertThrows(IllegalArgumentException.class, () -> base.onnx().rerouteOutput(MiniLmWeights.OUTPUT, "no-such-tensor"));
    }

    /** Every per-batch DynamicQuantizeLinear of the int8 base becomes a per-row quantisation; nothing else changes. */
    @Test
    void rowQuantizerReplacesEveryDynamicQuantization() throws Exception {
        OnnxFile q = OnnxFile.parse(MiniLmWeights.readResource(MiniLmWeights.INT8_RESOURCE));
        long dql = q.nodes().stream().filter(n -> n.opType().equals("DynamicQuantizeLinear")).count();
        long mmi = q.nodes().stream().filter(n -> n.opType().equals("MatMulInteger")).count();
        assertEquals(true, dql >= MiniLmWeights.LAYERS * 4, "4 per layer (QKV, attention out, FFN in, FFN out): " + dql);
        OnnxFile r = OnnxFile.parse(RowQuantizer.rewrite(MiniLmWeights.readResource(MiniLmWeights.INT8_RESOURCE)));
        assertEquals(0, r.nodes().stream().filter(n -> n.opType().equals("DynamicQuantizeLinear")).count());
        assertEquals(dql, r.nodes().stream().filter(n -> n.opType().equals("QuantizeLinear")).count());
        assertEquals(dql, r.nodes().stream().filter(n -> n.opType().equals("ReduceMax")).count());
        assertEquals(mmi, r.nodes().stream().filter(n -> n.opType().equals("MatMulInteger")).count());
        for (OnnxFile.Node n : r.nodes()) {
            if (n.opType().equals("MatMulInteger")) {
                assertEquals("centinela/rowq/zp_u8", n.inputs().get(2), "symmetric rows: constant zero point 128");
            }
        }
        assertEquals(q.initializers().size() + 4, r.initializers().size(), "four shared constants added");
        assertThrows(IllegalArgumentException.class, () -> RowQuantizer.rewrite(base.bytes()),
                "an fp32 graph has nothing to rewrite");
    }
}
