package io.centinela.model.serve;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceChoiceTest {

    @Test
    void autoFallsBackToCpuWithoutCuda() {
        DeviceChoice.Decision d = DeviceChoice.decide(DeviceChoice.Mode.AUTO, false);
        assertFalse(d.gpu());
        assertTrue(d.reason().contains("CPU"));
        assertTrue(DeviceChoice.decide(DeviceChoice.Mode.AUTO, true).gpu());
    }

    @Test
    void explicitGpuWithoutCudaFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DeviceChoice.decide(DeviceChoice.Mode.GPU, false));
        assertTrue(e.getMessage().contains("profile 'gpu'"));
    }

    @Test
    void thisBuildHasNoCudaProviderSoAutoIsCpu() {
        // CI and the default build carry the CPU onnxruntime jar only.
        assertFalse(DeviceChoice.decide(DeviceChoice.Mode.AUTO).gpu());
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.Mode.parse("tpu"));
    }
}
