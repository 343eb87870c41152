package io.centinela.yara.nativ;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/** C strings in and out of native memory. */
public final class NativeStrings {

    private NativeStrings() {
    }

    /** A NUL-terminated UTF-8 copy of {@code text}; freed when the Memory is collected or closed. */
    public static Memory cString(String text) {
        return cString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A NUL-terminated copy of {@code bytes} (rule files keep their exact bytes). */
    public static Memory cString(byte[] bytes) {
        Memory m = new Memory(bytes.length + 1L);
        m.write(0, bytes, 0, bytes.length);
        m.setByte(bytes.length, (byte) 0);
        return m;
    }

    /** Reads the C string at {@code address} (UTF-8; invalid bytes become U+FFFD); null for a NULL pointer. */
    public static String read(long address) {
        if (address == 0) {
            return null;
        }
        return new Pointer(address).getString(0, StandardCharsets.UTF_8.name());
    }

    public static long address(Pointer p) {
        return Pointer.nativeValue(p);
    }
}
