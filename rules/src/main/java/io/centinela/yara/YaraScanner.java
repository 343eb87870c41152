package io.centinela.yara;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.centinela.yara.compile.ExternalVariable;
import io.centinela.yara.nativ.LibYara;
import io.centinela.yara.nativ.NativeStrings;
import io.centinela.yara.nativ.StructLayout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One libyara scanner, owned by one thread. Scans byte buffers against the provider's current rules (moving to
 * newer rules between scans after a reload), always with SCAN_FLAGS_NO_TRYCATCH | SCAN_FLAGS_REPORT_RULES_MATCHING,
 * a timeout, and the byte cap per buffer. External variables are set on this scanner only.
 *
 * <p>Not thread-safe by design: a second thread calling it gets an {@link IllegalStateException}.
 */
public final class YaraScanner implements AutoCloseable {

    private final RuleProvider provider;
    private final ScanLimits limits;
    private final StructLayout layout;
    private final MatchReader reader;
    private final Thread owner;
    // Strong reference: libyara holds this function pointer for the scanner's lifetime.
    private final LibYara.ScanCallback callback = this::onCallback;
    private final Map<String, ExternalVariable> overrides = new LinkedHashMap<>();
    private final Map<String, Object> applied = new HashMap<>();

    private CompiledRules rules;
    private long scanner;
    private Memory buffer;
    private boolean closed;

    // State of the scan in progress (the callback runs on this thread, inside yr_scanner_scan_mem).
    private String scannedField;
    private List<YaraMatch> collected;
    private List<String> tooMany;
    private Throwable callbackFailure;

    /** A scanner on {@code provider}'s rules; libyara must have passed its self-test. */
    public YaraScanner(RuleProvider provider, ScanLimits limits) {
        this(provider, limits, YaraLibrary.require().layout());
    }

    YaraScanner(RuleProvider provider, ScanLimits limits, StructLayout layout) {
        this.provider = provider;
        this.limits = limits;
        this.layout = layout;
        this.reader = new MatchReader(layout, limits);
        this.owner = Thread.currentThread();
        switchRules();
    }

    public ScanLimits limits() {
        return limits;
    }

    /** The rules this scanner uses now. */
    public CompiledRules rules() {
        return rules;
    }

    /**
     * Sets an external variable for the following scans on this scanner. Ignored (false) when the rules do not
     * declare it; a value of another type than declared is an error.
     */
    public boolean setExternal(ExternalVariable variable) {
        checkThread();
        overrides.put(variable.name(), variable);
        return apply(variable);
    }

    public ScanOutcome scan(String field, byte[] data) {
        return scan(field, data, 0, data.length);
    }

    /** Scans {@code data[offset, offset+length)}, cut to {@link ScanLimits#maxBytesPerField()}. */
    public ScanOutcome scan(String field, byte[] data, int offset, int length) {
        checkThread();
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length + " of " + data.length);
        }
        if (provider.current() != rules) {
            switchRules();
        }
        int n = Math.min(length, limits.maxBytesPerField());
        ensureBuffer(n);
        if (n > 0) {
            buffer.write(0, data, offset, n);
        }
        scannedField = field;
        collected = new ArrayList<>(2);
        tooMany = null;
        callbackFailure = null;
        // Set on every scan: these two flags are what keeps the JVM's signal handling intact.
        LibYara.yr_scanner_set_flags(scanner, LibYara.SCAN_FLAGS);
        long t0 = System.nanoTime();
        int rc = LibYara.yr_scanner_scan_mem(scanner, Pointer.nativeValue(buffer), n);
        long nanos = System.nanoTime() - t0;
        List<YaraMatch> matches = collected;
        List<String> tooManyMatches = tooMany == null ? List.of() : tooMany;
        collected = null;
        if (callbackFailure != null) {
            Throwable t = callbackFailure;
            callbackFailure = null;
            throw new IllegalStateException("YARA match extraction failed: " + t, t);
        }
        ScanOutcome.Status status;
        String error = null;
        if (rc == LibYara.ERROR_SUCCESS) {
            status = matches.size() >= limits.maxMatchesPerScan() ? ScanOutcome.Status.MATCH_LIMIT : ScanOutcome.Status.OK;
        } else if (rc == LibYara.ERROR_SCAN_TIMEOUT) {
            status = ScanOutcome.Status.TIMEOUT;
            error = "scan timed out after " + limits.timeoutSeconds() + " s";
        } else {
            status = ScanOutcome.Status.ERROR;
            error = "libyara error " + rc + " (" + io.centinela.yara.nativ.YaraErrors.name(rc) + ")";
        }
        return new ScanOutcome(matches, status, error, n, n < length, nanos, tooManyMatches);
    }

    /**
     * Overrides the per-scan timeout with nanoseconds (libyara's own setter takes whole seconds; the cost probe
     * needs milliseconds). Lasts until the scanner moves to other rules. The field offset is checked by
     * {@link #timeoutNanos()} against yr_scanner_set_timeout in the self-test.
     */
    void timeoutNanos(long nanos) {
        checkThread();
        new Pointer(scanner).setLong(StructLayout.SCAN_CONTEXT_TIMEOUT, nanos);
    }

    /** The native per-scan timeout now in force, in nanoseconds (read from the scanner). */
    long timeoutNanos() {
        checkThread();
        return new Pointer(scanner).getLong(StructLayout.SCAN_CONTEXT_TIMEOUT);
    }

    /**
     * Test hook for the NO_TRYCATCH regression test's negative control ONLY: scans with other flags. Never call it
     * elsewhere: without SCAN_FLAGS_NO_TRYCATCH libyara 4.2.3 can hang the JVM.
     */
    int scanWithFlagsForTest(byte[] data, int flags) {
        checkThread();
        int n = Math.min(data.length, limits.maxBytesPerField());
        ensureBuffer(n);
        buffer.write(0, data, 0, n);
        collected = new ArrayList<>(2);
        LibYara.yr_scanner_set_flags(scanner, flags);
        int rc = LibYara.yr_scanner_scan_mem(scanner, Pointer.nativeValue(buffer), n);
        LibYara.yr_scanner_set_flags(scanner, LibYara.SCAN_FLAGS);
        collected = null;
        return rc;
    }

    private int onCallback(long context, int message, long messageData, long userData) {
        // Nothing may escape into libyara: failures are kept and rethrown after the scan.
        try {
            if (message == LibYara.CALLBACK_MSG_RULE_MATCHING) {
                RuleInfo info = rules.ruleInfo(messageData, reader::readRule);
                collected.add(new YaraMatch(info.identifier(), info.namespace(), info.tags(), info.meta(),
                        info.author(), scannedField, reader.readStrings(context, info)));
                return collected.size() >= limits.maxMatchesPerScan() ? LibYara.CALLBACK_ABORT : LibYara.CALLBACK_CONTINUE;
            }
            if (message == LibYara.CALLBACK_MSG_TOO_MANY_MATCHES) {
                // libyara stops collecting this string and goes on with the scan.
                if (tooMany == null) {
                    tooMany = new ArrayList<>();
                }
                tooMany.add(NativeStrings.read(new Pointer(messageData).getLong(layout.stringIdentifier())));
            }
            return LibYara.CALLBACK_CONTINUE;
        } catch (Throwable t) {
            callbackFailure = t;
            return LibYara.CALLBACK_ERROR;
        }
    }

    private void ensureBuffer(int n) {
        if (buffer == null || buffer.size() < Math.max(n, 1)) {
            long size = Math.max(4096, Math.min((long) limits.maxBytesPerField(), Math.max(n, buffer == null ? 0 : buffer.size() * 2)));
            size = Math.max(size, n);
            if (buffer != null) {
                buffer.close();
            }
            buffer = new Memory(size);
        }
    }

    /** Moves to the provider's current rules: acquire the new set first, then release the old one. */
    private void switchRules() {
        CompiledRules next;
        while (true) {
            next = provider.current();
            if (next.tryAcquire()) {
                break;
            }
            if (provider.current() == next) {
                throw new IllegalStateException("rule set " + next.name() + " was closed while still installed");
            }
        }
        destroyScanner();
        if (rules != null) {
            rules.release();
        }
        rules = next;
        try (Memory out = new Memory(8)) {
            out.setLong(0, 0);
            int rc = LibYara.yr_scanner_create(rules.handle(), Pointer.nativeValue(out));
            if (rc != LibYara.ERROR_SUCCESS) {
                rules.release();
                rules = null;
                throw new IllegalStateException("yr_scanner_create failed with libyara error " + rc);
            }
            scanner = out.getLong(0);
        }
        LibYara.yr_scanner_set_callback(scanner, callback, 0);
        LibYara.yr_scanner_set_timeout(scanner, limits.timeoutSeconds());
        LibYara.yr_scanner_set_flags(scanner, LibYara.SCAN_FLAGS);
        applied.clear();
        for (ExternalVariable v : rules.externals()) {
            applied.put(v.name(), v.value());
        }
        for (ExternalVariable v : overrides.values()) {
            apply(v);
        }
    }

    private boolean apply(ExternalVariable v) {
        Object current = applied.get(v.name());
        if (current == null && !applied.containsKey(v.name())) {
            return false; // not declared by these rules
        }
        if (v.value().equals(current)) {
            return true;
        }
        if (current != null && current.getClass() != v.value().getClass()) {
            throw new IllegalArgumentException("external variable '" + v.name() + "' is declared as "
                    + current.getClass().getSimpleName() + ", not " + v.value().getClass().getSimpleName());
        }
        int rc;
        try (Memory id = NativeStrings.cString(v.name())) {
            long idp = Pointer.nativeValue(id);
            if (v.value() instanceof Long l) {
                rc = LibYara.yr_scanner_define_integer_variable(scanner, idp, l);
            } else if (v.value() instanceof Boolean b) {
                rc = LibYara.yr_scanner_define_boolean_variable(scanner, idp, b ? 1 : 0);
            } else if (v.value() instanceof Double d) {
                rc = LibYara.yr_scanner_define_float_variable(scanner, idp, d);
            } else {
                try (Memory s = NativeStrings.cString((String) v.value())) {
                    rc = LibYara.yr_scanner_define_string_variable(scanner, idp, Pointer.nativeValue(s));
                }
            }
        }
        if (rc != LibYara.ERROR_SUCCESS) {
            throw new IllegalArgumentException("cannot set external variable '" + v.name() + "' (libyara error " + rc + ")");
        }
        applied.put(v.name(), v.value());
        return true;
    }

    private void checkThread() {
        if (closed) {
            throw new IllegalStateException("YARA scanner is closed");
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a YaraScanner belongs to thread " + owner.getName()
                    + "; create one per thread");
        }
    }

    private void destroyScanner() {
        if (scanner != 0) {
            LibYara.yr_scanner_destroy(scanner);
            scanner = 0;
        }
    }

    /** Destroys the native scanner and releases its rules. Call from the owning thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        destroyScanner();
        if (rules != null) {
            rules.release();
            rules = null;
        }
        if (buffer != null) {
            buffer.close();
            buffer = null;
        }
    }
}
