package io.centinela.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AdamW keeps no per-step temporaries (a full fine-tune ran out of memory when it did) and moves against the gradient. */
class AdamWTest {

    @Test
    void stepsLeaveNoArraysBehindAndDescend() {
        try (NDManager root = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray w = root.ones(new Shape(64, 32));
            NDArray b = root.zeros(new Shape(32));
            Map<String, NDArray> params = Map.of("layer.weight", w, "layer.bias", b);
            AdamW opt = new AdamW(root, params, 0.01);
            int before = root.getManagedArrays().size();
            for (int i = 0; i < 50; i++) {
                try (NDManager step = root.newSubManager()) {
                    Map<String, NDArray> grads = Map.of("layer.weight", step.ones(new Shape(64, 32)),
                            "layer.bias", step.ones(new Shape(32)));
                    opt.step(params, grads, 1e-2, 1.0);
                }
            }
            assertEquals(before, root.getManagedArrays().size(), "arrays left in the parameters' manager");
            assertTrue(w.getFloat(0, 0) < 1f && b.getFloat(0) < 0f, "a positive gradient lowers the parameters");
        }
    }
}
