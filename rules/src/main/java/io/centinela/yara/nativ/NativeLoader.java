package io.centinela.yara.nativ;

import com.sun.jna.NativeLibrary;
import io.centinela.yara.YaraUnavailableException;

import java.util.regex.Pattern;

/** Loads and initialises libyara.so.9 once; refuses any other library name. */
public final class NativeLoader {

    /** Only the libyara 4.x SONAME whose struct layouts {@link StructLayout} describes. */
    private static final Pattern ACCEPTED = Pattern.compile("(.*/)?libyara\\.so\\.9(\\.[0-9]+)*");

    public static final String INSTALL_HINT = "install libyara 4.2 (Debian/Ubuntu: apt-get install -y libyara9)";

    private NativeLoader() {
    }

    /** Refuses names other than libyara.so.9 (e.g. libyara.so.10 of YARA 4.5, or an unversioned libyara.so). */
    public static void checkName(String library) {
        if (!ACCEPTED.matcher(library).matches()) {
            throw new YaraUnavailableException("YARA: refusing to load '" + library + "': the binding supports only "
                    + "libyara.so.9 (YARA 4.2.x); " + INSTALL_HINT);
        }
    }

    /** Opens the library (without registering anything); throws a clear message when it is missing. */
    public static NativeLibrary open(String library) {
        checkName(library);
        try {
            return NativeLibrary.getInstance(library);
        } catch (UnsatisfiedLinkError e) {
            throw new YaraUnavailableException("YARA: " + library + " could not be loaded (" + e.getMessage()
                    + "); " + INSTALL_HINT, e);
        }
    }

    /**
     * The YARA release family of a libyara.so.9, told apart by the API each release added, before any struct is
     * read: 4.4 moved YR_RULE's fields under the same SONAME (reading it with 4.2 offsets would dereference an
     * integer), so 4.4 and later are refused here rather than crash in the self-test.
     *
     * @return "4.2" or "4.3" (identical struct layouts, checked with offsetof against both releases' headers)
     */
    public static String versionFamily(java.util.function.Predicate<String> exports) {
        if (exports.test("yr_compiler_add_bytes")) {
            throw new YaraUnavailableException("YARA: this libyara.so.9 is YARA 4.4 or later (it exports "
                    + "yr_compiler_add_bytes); its YR_RULE layout differs from what the binding reads. "
                    + INSTALL_HINT);
        }
        return exports.test("yr_modules_get_table") ? "4.3" : "4.2";
    }

    /** True when {@code library} exports {@code symbol}. */
    public static boolean exports(NativeLibrary library, String symbol) {
        try {
            library.getFunction(symbol);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    /** Registers {@link LibYara} against the library and calls yr_initialize (once per process). */
    public static void registerAndInitialize(NativeLibrary library) {
        try {
            LibYara.register(library);
        } catch (UnsatisfiedLinkError e) {
            throw new YaraUnavailableException("YARA: " + library.getFile() + " lacks a libyara 4.2 function ("
                    + e.getMessage() + "); " + INSTALL_HINT, e);
        }
        int rc = LibYara.yr_initialize();
        if (rc != LibYara.ERROR_SUCCESS) {
            throw new YaraUnavailableException("YARA: yr_initialize failed with libyara error " + rc);
        }
    }
}
