package io.centinela.model.onnx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a dynamically quantised graph so that every activation row (one token of one sequence) is quantised
 * with its own scale, instead of one scale and zero point for the whole batch tensor.
 *
 * <p>Why: {@code DynamicQuantizeLinear} takes min and max over the whole {@code [batch, tokens, hidden]} tensor,
 * so an event's score depended on which other events (and how much padding) shared its batch: up to 0.05 apart on
 * dev events, enough to cross a threshold and change an alert. With one scale per row, each row's integers depend
 * on that row only, the integer matrix product is exact, and every later op is row-wise or within the sequence
 * (attention masks padding to an exact zero), so a sequence scores bit-identically in any batch.
 *
 * <p>Each {@code DynamicQuantizeLinear(x) -> (xq, scale, zp)} becomes a symmetric quantisation per row (over the
 * last axis): {@code scale = max|x| / 127}, {@code xq = clip(round(x / scale) + 128, 0, 255)} as uint8. Symmetric,
 * because ONNX Runtime's CPU {@code MatMulInteger} takes only a scalar zero point for A: every consumer keeps its
 * weights and reads the constant zero point 128, and the {@code Mul} that combined the old scalar scale with the
 * weight scales reads the row scale instead, which broadcasts over the output columns. Only opset-11 ops (the
 * langchain4j graph's opset; per-axis QuantizeLinear would need 13). Refuses (IllegalArgumentException) a graph
 * where a quantised tensor, its scale or its zero point feeds anything else.
 */
public final class RowQuantizer {

    private static final String ONE_F = "centinela/rowq/one_f";
    private static final String QMAX_F = "centinela/rowq/qmax_f";
    private static final String TINY_F = "centinela/rowq/tiny_f";
    private static final String ZP_U8 = "centinela/rowq/zp_u8";
    /** Symmetric: [-127, 127] around zero point 128 (uint8, the activation type MatMulInteger takes here). */
    private static final float QMAX = 127f;
    private static final byte ZERO_POINT = (byte) 128;
    /** Keeps an all-zero row from dividing by zero (its values quantise to the zero point either way). */
    private static final float TINY = 1e-30f;

    private RowQuantizer() {
    }

    /** The rewritten model; {@code onnx} must contain at least one {@code DynamicQuantizeLinear}. */
    public static byte[] rewrite(byte[] onnx) throws IOException {
        OnnxFile f = OnnxFile.parse(onnx);
        if (f.opsetVersion() >= 18) {
            // ReduceMax/ReduceMin take axes as an input from opset 18; the langchain4j graphs are older.
            throw new IllegalArgumentException("per-row quantisation is written for opset < 18, the model has "
                    + f.opsetVersion());
        }
        Map<String, List<OnnxFile.Node>> consumers = new HashMap<>();
        for (OnnxFile.Node n : f.nodes()) {
            for (String i : n.inputs()) {
                consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
            }
        }
        Map<String, List<OnnxFile.NewNode>> repl = new LinkedHashMap<>();
        List<OnnxFile.Tensor> added = new ArrayList<>(List.of(
                OnnxFile.Tensor.ofFloats(ONE_F, new long[0], new float[] {1f}),
                OnnxFile.Tensor.ofFloats(QMAX_F, new long[0], new float[] {QMAX}),
                OnnxFile.Tensor.ofFloats(TINY_F, new long[0], new float[] {TINY}),
                new OnnxFile.Tensor(ZP_U8, new long[0], OnnxFile.UINT8, new byte[] {ZERO_POINT})));
        int count = 0;
        for (OnnxFile.Node dq : f.nodes()) {
            if (!dq.opType().equals("DynamicQuantizeLinear")) {
                continue;
            }
            count++;
            String x = dq.inputs().get(0);
            String xq = dq.outputs().get(0);
            String oldScale = dq.outputs().get(1);
            String oldZp = dq.outputs().size() > 2 ? dq.outputs().get(2) : "";
            String p = dq.name() + "/rowq/";
            String scale = p + "scale";
            repl.put(dq.name(), rowQuantize(p, x, xq, scale));
            for (OnnxFile.Node c : consumers.getOrDefault(xq, List.of())) {
                if (!c.opType().equals("MatMulInteger") || c.inputs().size() < 3 || !c.inputs().get(0).equals(xq)
                        || !c.inputs().get(2).equals(oldZp)) {
                    throw new IllegalArgumentException("quantised tensor " + xq + " feeds " + c.opType() + " "
                            + c.name() + ": only MatMulInteger with its own zero point is rewritten");
                }
                List<String> in = new ArrayList<>(c.inputs());
                in.set(2, ZP_U8);
                repl.put(c.name(), List.of(new OnnxFile.NewNode(c.name(), "MatMulInteger", in, c.outputs())));
            }
            for (OnnxFile.Node c : consumers.getOrDefault(oldScale, List.of())) {
                if (!c.opType().equals("Mul") || repl.containsKey(c.name())) {
                    throw new IllegalArgumentException("the scale " + oldScale + " feeds " + c.opType() + " " + c.name()
                            + ": only Mul (scale x weight scale) is rewritten");
                }
                List<String> in = new ArrayList<>(c.inputs());
                in.replaceAll(i -> i.equals(oldScale) ? scale : i);
                repl.put(c.name(), List.of(new OnnxFile.NewNode(c.name(), "Mul", in, c.outputs())));
            }
            for (OnnxFile.Node c : consumers.getOrDefault(oldZp, List.of())) {
                if (!repl.containsKey(c.name())) {
                    throw new IllegalArgumentException("the zero point " + oldZp + " feeds " + c.opType() + " " + c.name());
                }
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("the model has no DynamicQuantizeLinear node to rewrite");
        }
        return f.replaceNodes(repl, added);
    }

    /**
     * The nodes computing {@code xq} and the row scale from {@code x}: the row is divided by its scale (one Mul by
     * the reciprocal), then one opset-11 QuantizeLinear with scale 1 and zero point 128 rounds, shifts and
     * saturates it (per-axis QuantizeLinear needs opset 13, and the graph's Unsqueeze nodes are opset 11).
     */
    private static List<OnnxFile.NewNode> rowQuantize(String p, String x, String xq, String scale) {
        List<OnnxFile.Attribute> lastAxis = List.of(new OnnxFile.Attribute("axes", new long[] {-1}),
                new OnnxFile.Attribute("keepdims", 1L));
        return List.of(
                new OnnxFile.NewNode(p + "max", "ReduceMax", List.of(x), List.of(p + "max"), lastAxis),
                new OnnxFile.NewNode(p + "min", "ReduceMin", List.of(x), List.of(p + "min"), lastAxis),
                new OnnxFile.NewNode(p + "neg_min", "Neg", List.of(p + "min"), List.of(p + "neg_min")),
                new OnnxFile.NewNode(p + "abs_max", "Max", List.of(p + "max", p + "neg_min", TINY_F), List.of(p + "abs_max")),
                new OnnxFile.NewNode(p + "scale", "Div", List.of(p + "abs_max", QMAX_F), List.of(scale)),
                new OnnxFile.NewNode(p + "inv_scale", "Reciprocal", List.of(scale), List.of(p + "inv_scale")),
                new OnnxFile.NewNode(p + "x_scaled", "Mul", List.of(x, p + "inv_scale"), List.of(p + "x_scaled")),
                new OnnxFile.NewNode(p + "x_u8", "QuantizeLinear", List.of(p + "x_scaled", ONE_F, ZP_U8), List.of(xq)));
    }
}
