package io.centinela.hec;

import java.net.URI;

/** One HEC base URI and whether it is usable now. Marked down on connection errors and 503s, up after /health. */
final class HecEndpoint {

    final URI base;
    final URI event;
    final URI ack;
    final URI health;
    private volatile boolean up = true;
    private volatile long lastCheckNanos;

    HecEndpoint(URI base) {
        String b = base.toString().replaceAll("/+$", "");
        this.base = URI.create(b);
        this.event = URI.create(b + "/services/collector/event");
        this.ack = URI.create(b + "/services/collector/ack");
        this.health = URI.create(b + "/services/collector/health");
    }

    boolean up() {
        return up;
    }

    void markDown() {
        up = false;
    }

    void markUp() {
        up = true;
    }

    boolean checkDue(long intervalNanos) {
        long now = System.nanoTime();
        if (now - lastCheckNanos >= intervalNanos) {
            lastCheckNanos = now;
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
