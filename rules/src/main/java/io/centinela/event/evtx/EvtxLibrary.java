package io.centinela.event.evtx;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Loads libevtx.so.1 and registers {@link LibEvtx} once per process (the first {@link #load()} wins; later calls
 * return the same answer, a failure included, so a missing library is reported the same way every time).
 */
public final class EvtxLibrary {

    static final String SONAME = "libevtx.so.1";

    private static final Object LOCK = new Object();
    private static String version;
    private static EvtxUnavailableException failure;

    private EvtxLibrary() {
    }

    /**
     * Makes sure the library is usable.
     *
     * @return libevtx's version string (e.g. "20181227")
     * @throws EvtxUnavailableException when it is not installed or is not the expected library
     */
    public static String load() {
        synchronized (LOCK) {
            if (version != null) {
                return version;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                if (Native.SIZE_T_SIZE != 8 || Native.POINTER_SIZE != 8) {
                    throw new EvtxUnavailableException("the binding needs a 64-bit JVM and libevtx", null);
                }
                NativeLibrary lib;
                try {
                    lib = NativeLibrary.getInstance(SONAME);
                } catch (UnsatisfiedLinkError e) {
                    throw new EvtxUnavailableException(SONAME + " could not be loaded: "
                            + String.valueOf(e.getMessage()).split("\n", 2)[0], e);
                }
                try {
                    LibEvtx.register(lib);
                } catch (UnsatisfiedLinkError e) {
                    throw new EvtxUnavailableException(lib.getFile() + " lacks a function the reader needs: "
                            + e.getMessage(), e);
                }
                long v = LibEvtx.libevtx_get_version();
                version = v == 0 ? "unknown" : new Pointer(v).getString(0, "UTF-8");
                return version;
            } catch (EvtxUnavailableException e) {
                failure = e;
                throw e;
            }
        }
    }
}
