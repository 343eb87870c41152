package io.centinela.yara.nativ;

/**
 * Byte offsets of the libyara structs the binding reads directly (match details are reachable only through struct
 * fields and header macros). Measured with offsetof() against the v4.2.3 headers on x86_64. YR_RULE changed in 4.4.0
 * under the same SONAME, so {@link SelfTest} checks these against a live scan before anything else runs.
 */
public record StructLayout(
        int ruleIdentifier, int ruleTags, int ruleMetas, int ruleStrings, int ruleNamespace,
        int metaSize, int metaIdentifier, int metaString, int metaInteger, int metaType, int metaFlags,
        int stringSize, int stringFlags, int stringIdx, int stringIdentifier,
        int contextMatches, int matchesSize, int matchesHead,
        int matchOffset, int matchLength, int matchDataLength, int matchData, int matchNext, int matchIsPrivate,
        int namespaceName, int compilerLastError) {

    /** libyara 4.2.3, x86_64 (YR_RULE 48 B, YR_META 32 B, YR_STRING 56 B, YR_MATCHES 24 B, YR_MATCH 56 B). */
    public static final StructLayout V4_2_X86_64 = new StructLayout(
            8, 16, 24, 32, 40,
            32, 0, 8, 16, 24, 28,
            56, 0, 4, 48,
            160, 24, 0,
            8, 16, 20, 24, 40, 52,
            0, 48);

    /** YR_RULES.rules_table (the YR_RULE array, {@code ruleSize} bytes apart); checked by the self-test. */
    public static final int RULES_TABLE = 8;
    public static final int RULE_SIZE = 48;
    public static final int RULE_FLAGS = 0;
    public static final int RULE_FLAGS_DISABLED = 0x08;
    /**
     * YR_SCAN_CONTEXT (= YR_SCANNER).timeout, uint64 nanoseconds: yr_scanner_set_timeout only takes whole seconds,
     * the cost probe needs milliseconds. The self-test reads it back after yr_scanner_set_timeout.
     */
    public static final int SCAN_CONTEXT_TIMEOUT = 24;

    public static final int META_TYPE_INTEGER = 1;
    public static final int META_TYPE_STRING = 2;
    public static final int META_TYPE_BOOLEAN = 3;
    public static final int META_FLAGS_LAST_IN_RULE = 0x1;
    public static final int STRING_FLAGS_LAST_IN_RULE = 0x1000;
    public static final int STRING_FLAGS_PRIVATE = 0x100000;
}
