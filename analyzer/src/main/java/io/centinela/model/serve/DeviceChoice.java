package io.centinela.model.serve;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;

import java.util.Locale;

/**
 * Picks the device for ONNX Runtime. {@code auto}: the GPU when the CUDA execution provider is on the class path
 * (Maven profile {@code gpu}) and a GPU is visible, else the CPU. {@code gpu}: the GPU or a clear error.
 */
public final class DeviceChoice {

    public enum Mode {
        AUTO, CPU, GPU;

        public static Mode parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown device '" + s + "'; use auto, cpu or gpu");
            }
        }
    }

    /** The decision and why. */
    public record Decision(boolean gpu, String reason) {
    }

    private DeviceChoice() {
    }

    public static boolean cudaProviderAvailable() {
        try {
            return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static Decision decide(Mode mode) {
        return decide(mode, cudaProviderAvailable());
    }

    static Decision decide(Mode mode, boolean cuda) {
        return switch (mode) {
            case CPU -> new Decision(false, "cpu requested");
            case GPU -> {
                if (!cuda) {
                    throw new IllegalStateException("device gpu requested but ONNX Runtime has no CUDA provider: "
                            + "build with the Maven profile 'gpu' (onnxruntime_gpu, CUDA 12 + cuDNN 9), or use --device auto|cpu");
                }
                yield new Decision(true, "gpu requested, CUDA provider present");
            }
            case AUTO -> cuda ? new Decision(true, "auto: CUDA provider present")
                    : new Decision(false, "auto: no CUDA provider in ONNX Runtime, using the CPU");
        };
    }
}
