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
