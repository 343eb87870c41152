package io.centinela.yara;

/** Renders matched bytes as safe text: printable ASCII kept, everything else as {@code \xNN}. */
public final class Excerpt {

    private Excerpt() {
    }

    public static String render(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else if (c == '\\') {
                sb.append("\\\\");
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }
}
