package io.centinela.yara;

import com.sun.jna.NativeLibrary;
import io.centinela.yara.nativ.NativeLoader;
import io.centinela.yara.nativ.StructLayout;

/**
 * The process-wide libyara: loaded, initialised (yr_initialize once per process) and self-tested on first use.
 * Process-wide by nature (libyara itself is), so this is the one static holder of the binding; everything else
 * is per instance.
 *
 * <p>The library name is {@code libyara.so.9} unless the system property {@code centinela.yara.library} names
 * another path to a libyara.so.9 file.
 */
public final class YaraLibrary {

    public static final String LIBRARY_PROPERTY = "centinela.yara.library";

    private final String file;
    private final String versionFamily;
    private final StructLayout layout;

    private YaraLibrary(String file, String versionFamily, StructLayout layout) {
        this.file = file;
        this.versionFamily = versionFamily;
        this.layout = layout;
    }

    /** "4.2" or "4.3": the YARA release family, from the functions the library exports. */
    public String versionFamily() {
        return versionFamily;
    }

    /** The library file that was loaded. */
    public String file() {
        return file;
    }

    public StructLayout layout() {
        return layout;
    }

    /**
     * libyara, loaded and self-tested; throws {@link YaraUnavailableException} with the reason and the fix when it
     * is missing, is not libyara.so.9, or its struct layouts differ from what the binding reads.
     */
    public static YaraLibrary require() {
        Holder.ensureLoaded();
        if (Holder.selfTestFailure != null) {
            throw Holder.selfTestFailure;
        }
        return Holder.library;
    }

    /** Loaded and initialised, self-test not required: only for the self-test itself and the low-level classes. */
    static YaraLibrary loaded() {
        Holder.ensureLoaded();
        return Holder.library;
    }

    /** Lazy, thread-safe, once: the JVM initialises this class on first access. */
    private static final class Holder {
        private static YaraLibrary library;
        private static YaraUnavailableException loadFailure;
        private static YaraUnavailableException selfTestFailure;

        static {
            try {
                String name = System.getProperty(LIBRARY_PROPERTY, "libyara.so.9");
                NativeLibrary lib = NativeLoader.open(name);
                String family = NativeLoader.versionFamily(symbol -> NativeLoader.exports(lib, symbol));
                NativeLoader.registerAndInitialize(lib);
                library = new YaraLibrary(lib.getFile() != null && lib.getFile().isAbsolute()
                        ? lib.getFile().getPath() : mappedPath(name), family,
                        StructLayout.V4_2_X86_64);
            } catch (YaraUnavailableException e) {
                loadFailure = e;
            } catch (Throwable t) {
                loadFailure = new YaraUnavailableException("YARA: loading libyara failed: " + t, t);
            }
            if (library != null) {
                try {
                    SelfTest.run(library.layout);
                } catch (YaraUnavailableException e) {
                    selfTestFailure = e;
                } catch (Throwable t) {
                    selfTestFailure = new YaraUnavailableException("YARA: self-test failed: " + t, t);
                }
            }
        }

        /** The file the dynamic loader mapped for {@code name} (from /proc/self/maps), else the name. */
        private static String mappedPath(String name) {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps"))) {
                    int slash = line.indexOf('/');
                    if (slash >= 0 && line.contains("libyara.so.9")) {
                        return line.substring(slash).trim();
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not Linux /proc: keep the name
            }
            return name;
        }

        static void ensureLoaded() {
            if (loadFailure != null) {
                throw loadFailure;
            }
        }
    }
}
