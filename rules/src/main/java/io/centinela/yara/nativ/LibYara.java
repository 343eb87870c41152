package io.centinela.yara.nativ;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Direct JNA mapping of the ~25 libyara 4.2.x (libyara.so.9) functions the binding needs. Every pointer travels as
 * a {@code long}: direct mapping with primitives is the cheapest JNA call path and allocates nothing per call.
 *
 * <p>Do not touch this class before {@link YaraLibrary#load()} succeeded: registration happens in
 * {@link #register(NativeLibrary)}, called once by the loader.
 */
public final class LibYara {

    public static final int ERROR_SUCCESS = 0;
    public static final int ERROR_INSUFFICIENT_MEMORY = 1;
    public static final int ERROR_SYNTAX_ERROR = 11;
    public static final int ERROR_SCAN_TIMEOUT = 26;
    public static final int ERROR_CALLBACK_ERROR = 28;
    public static final int ERROR_TOO_MANY_MATCHES = 30;

    public static final int CALLBACK_MSG_RULE_MATCHING = 1;
    public static final int CALLBACK_MSG_RULE_NOT_MATCHING = 2;
    public static final int CALLBACK_MSG_SCAN_FINISHED = 3;
    public static final int CALLBACK_MSG_IMPORT_MODULE = 4;
    public static final int CALLBACK_MSG_MODULE_IMPORTED = 5;
    public static final int CALLBACK_MSG_TOO_MANY_MATCHES = 6;
    public static final int CALLBACK_MSG_CONSOLE_LOG = 7;

    public static final int CALLBACK_CONTINUE = 0;
    public static final int CALLBACK_ABORT = 1;
    public static final int CALLBACK_ERROR = 2;

    /** Without it libyara 4.2.3 swaps the process-wide SIGSEGV/SIGBUS handlers during a scan and hangs HotSpot. */
    public static final int SCAN_FLAGS_NO_TRYCATCH = 4;
    /** Call back for matching rules only (the default also calls back for every non-matching rule). */
    public static final int SCAN_FLAGS_REPORT_RULES_MATCHING = 8;
    /** The only flags this binding ever scans with. */
    public static final int SCAN_FLAGS = SCAN_FLAGS_NO_TRYCATCH | SCAN_FLAGS_REPORT_RULES_MATCHING;

    public static final int COMPILER_ERROR = 0;
    public static final int COMPILER_WARNING = 1;

    public static final int YR_CONFIG_MAX_MATCH_DATA = 2;

    private LibYara() {
    }

    static void register(NativeLibrary library) {
        Native.register(LibYara.class, library);
    }

    /** void (*)(int level, const char* file, int line, const YR_RULE* rule, const char* message, void* user). */
    public interface CompilerCallback extends Callback {
        void invoke(int errorLevel, long fileName, int lineNumber, long rule, long message, long userData);
    }

    /** int (*)(YR_SCAN_CONTEXT* context, int message, void* message_data, void* user_data). */
    public interface ScanCallback extends Callback {
        int invoke(long context, int message, long messageData, long userData);
    }

    public static native int yr_initialize();

    public static native int yr_finalize();

    public static native int yr_set_configuration_uint32(int name, int value);

    public static native int yr_compiler_create(long compilerOut);

    public static native void yr_compiler_destroy(long compiler);

    public static native void yr_compiler_set_callback(long compiler, CompilerCallback callback, long userData);

    /** With all NULLs: {@code include} directives fail to compile ("includes are disabled"). */
    public static native void yr_compiler_set_include_callback(long compiler, long includeCallback, long freeCallback,
                                                              long userData);

    public static native int yr_compiler_add_string(long compiler, long rulesText, long namespace);

    public static native int yr_compiler_define_integer_variable(long compiler, long identifier, long value);

    public static native int yr_compiler_define_boolean_variable(long compiler, long identifier, int value);

    public static native int yr_compiler_define_float_variable(long compiler, long identifier, double value);

    public static native int yr_compiler_define_string_variable(long compiler, long identifier, long value);

    public static native int yr_compiler_get_rules(long compiler, long rulesOut);

    public static native int yr_rules_destroy(long rules);

    public static native int yr_rules_save(long rules, long fileName);

    /** Fills YR_RULES_STATS (about 830 bytes in 4.2.3); its first field is {@code uint32_t num_rules}. */
    public static native int yr_rules_get_stats(long rules, long statsOut);

    public static native int yr_scanner_create(long rules, long scannerOut);

    public static native void yr_scanner_destroy(long scanner);

    public static native void yr_scanner_set_callback(long scanner, ScanCallback callback, long userData);

    public static native void yr_scanner_set_timeout(long scanner, int seconds);

    public static native void yr_scanner_set_flags(long scanner, int flags);

    public static native int yr_scanner_define_integer_variable(long scanner, long identifier, long value);

    public static native int yr_scanner_define_boolean_variable(long scanner, long identifier, int value);

    public static native int yr_scanner_define_float_variable(long scanner, long identifier, double value);

    public static native int yr_scanner_define_string_variable(long scanner, long identifier, long value);

    public static native int yr_scanner_scan_mem(long scanner, long buffer, long size);

    /** Sets RULE_FLAGS_DISABLED on a YR_RULE (its condition is skipped; its strings are still searched). */
    public static native void yr_rule_disable(long rule);

    public static native void yr_rule_enable(long rule);
}
