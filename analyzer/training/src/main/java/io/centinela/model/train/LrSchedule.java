package io.centinela.model.train;

/** Linear warm-up to the peak rate, then cosine decay to 10% of it at the last step. */
record LrSchedule(double peak, int warmupSteps, int totalSteps) {

    double at(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / Math.max(1, warmupSteps);
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
        return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
