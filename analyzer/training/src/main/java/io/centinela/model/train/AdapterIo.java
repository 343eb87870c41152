package io.centinela.model.train;

import ai.djl.ndarray.NDArray;
import io.centinela.model.pkg.SafeTensors;

import java.util.LinkedHashMap;
import java.util.Map;

/** Saves and restores the trainable tensors of a {@link BertEncoder} (LoRA A/B, head, full weights if tuned). */
public final class AdapterIo {

    private AdapterIo() {
    }

    public static Map<String, SafeTensors.Entry> save(BertEncoder enc) {
        Map<String, SafeTensors.Entry> out = new LinkedHashMap<>();
        enc.trainable().forEach((k, v) -> out.put(k, new SafeTensors.Entry(v.getShape().getShape(), v.toFloatArray())));
        return out;
    }

    private static boolean aboveKeptLayers(String name, int layers) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("encoder\\.layer\\.(\\d+)\\.").matcher(name);
        return m.find() && Integer.parseInt(m.group(1)) >= layers;
    }

    /** Restores saved tensors; tensors of layers this encoder does not keep are skipped. */
    public static void load(BertEncoder enc, Map<String, SafeTensors.Entry> saved) {
        Map<String, NDArray> params = enc.trainable();
        for (Map.Entry<String, SafeTensors.Entry> e : saved.entrySet()) {
            NDArray p = params.get(e.getKey());
            if (p == null && aboveKeptLayers(e.getKey(), enc.layers())) {
                continue; // resuming a deeper model into a shallower one: the upper layers are dropped
            }
            if (p == null) {
                throw new IllegalArgumentException("adapter tensor " + e.getKey() + " does not fit this configuration");
            }
            NDArray src = p.getManager().create(e.getValue().data(), p.getShape());
            p.subi(p).addi(src);
            src.close();
        }
    }
}
