package io.centinela.model.serve;

/**
 * Process-wide settings the model stack reads when it first loads: DJL offline (no downloads), telemetry off,
 * and the PyTorch thread counts. Set by code so that no run depends on the caller's environment.
 */
public final class RuntimeSettings {

    private RuntimeSettings() {
    }

    public static void apply(int threads) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", System.getProperty("user.home") + "/.cache/centinela/djl");
        }
        if (System.getProperty("ENGINE_CACHE_DIR") == null && System.getenv("ENGINE_CACHE_DIR") == null) {
            System.setProperty("ENGINE_CACHE_DIR", System.getProperty("DJL_CACHE_DIR",
                    System.getenv().getOrDefault("DJL_CACHE_DIR", System.getProperty("user.home") + "/.cache/centinela/djl")));
        }
        String n = String.valueOf(Math.max(1, threads));
        System.setProperty("ai.djl.pytorch.num_threads", n);
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
}
