package io.centinela.yara;

import io.centinela.yara.compile.ExternalVariable;
import io.centinela.yara.nativ.LibYara;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * A compiled YR_RULES shared read-only by every thread's scanner, reference counted: the owner holds one reference
 * (dropped by {@link #close()}), each scanner using it holds one ({@link #tryAcquire()} / {@link #release()}).
 * The native rules are destroyed when the last reference goes, never while a scanner still uses them.
 */
public final class CompiledRules implements AutoCloseable {

    private final long handle;
    private final String name;
    private final int ruleCount;
    private final List<ExternalVariable> externals;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final AtomicBoolean ownerClosed = new AtomicBoolean();
    private final Map<Long, RuleInfo> ruleInfo = new ConcurrentHashMap<>();

    public CompiledRules(long handle, String name, int ruleCount, List<ExternalVariable> externals) {
        if (handle == 0) {
            throw new IllegalArgumentException("null YR_RULES");
        }
        this.handle = handle;
        this.name = name;
        this.ruleCount = ruleCount;
        this.externals = List.copyOf(externals);
    }

    /** A display name: the rule folder or file set it was compiled from. */
    public String name() {
        return name;
    }

    public int ruleCount() {
        return ruleCount;
    }

    /** The external variables declared at compile time with their defaults; every new scanner starts with these. */
    public List<ExternalVariable> externals() {
        return externals;
    }

    /** Takes a reference for a scanner; false once the rules are destroyed (the caller must pick newer rules). */
    public boolean tryAcquire() {
        while (true) {
            int n = refs.get();
            if (n <= 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one destroys the native rules. */
    public void release() {
        int n = refs.decrementAndGet();
        if (n == 0) {
            LibYara.yr_rules_destroy(handle);
        } else if (n < 0) {
            throw new IllegalStateException("CompiledRules " + name + " released more often than acquired");
        }
    }

    /** Drops the owner's reference (idempotent). */
    @Override
    public void close() {
        if (ownerClosed.compareAndSet(false, true)) {
            release();
        }
    }

    public boolean isDestroyed() {
        return refs.get() <= 0;
    }

    /** References held now (owner + scanners); for tests and metrics. */
    public int references() {
        return Math.max(0, refs.get());
    }

    /** The native YR_RULES*; only valid while a reference is held. */
    public long handle() {
        return handle;
    }

    /** Writes the compiled rules in libyara's own format (yr_rules_save), e.g. for a C reference loop to load. */
    public void save(java.nio.file.Path file) {
        if (!tryAcquire()) {
            throw new IllegalStateException("rules " + name + " are already destroyed");
        }
        try (com.sun.jna.Memory path = io.centinela.yara.nativ.NativeStrings.cString(file.toAbsolutePath().toString())) {
            int rc = LibYara.yr_rules_save(handle, com.sun.jna.Pointer.nativeValue(path));
            if (rc != LibYara.ERROR_SUCCESS) {
                throw new IllegalStateException("yr_rules_save to " + file + " failed: "
                        + io.centinela.yara.nativ.YaraErrors.name(rc));
            }
        } finally {
            release();
        }
    }

    /**
     * The YR_RULE* of every rule, in compilation order (libyara's rules_table). Only valid while a reference is
     * held; the cost probe toggles their DISABLED flag, which is safe only before the rules are shared.
     */
    long[] rulePointers() {
        long table = new com.sun.jna.Pointer(handle).getLong(io.centinela.yara.nativ.StructLayout.RULES_TABLE);
        long[] out = new long[Math.max(0, ruleCount)];
        for (int i = 0; i < out.length; i++) {
            out[i] = table + (long) i * io.centinela.yara.nativ.StructLayout.RULE_SIZE;
        }
        return out;
    }

    /** Rule details for a YR_RULE* of these rules, read once. */
    RuleInfo ruleInfo(long rule, LongFunction<RuleInfo> reader) {
        return ruleInfo.computeIfAbsent(rule, reader::apply);
    }

    @Override
    public String toString() {
        return "CompiledRules[" + name + ", " + ruleCount + " rules]";
    }
}
