package io.centinela.yara;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hot reload: {@link #replace} swaps in a new compiled set atomically; each scanner moves to it before its next
 * scan, and the old set is destroyed when the last scanner using it has moved or closed.
 */
public final class ReloadableRules implements RuleProvider, AutoCloseable {

    private final AtomicReference<CompiledRules> current;

    public ReloadableRules(CompiledRules initial) {
        current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    @Override
    public CompiledRules current() {
        return current.get();
    }

    /** Installs {@code next}; drops this holder's reference to the previous set (freed once no scanner uses it). */
    public void replace(CompiledRules next) {
        Objects.requireNonNull(next, "next");
        CompiledRules old = current.getAndSet(next);
        if (old != next) {
            old.close();
        }
    }

    @Override
    public void close() {
        current.get().close();
    }
}
