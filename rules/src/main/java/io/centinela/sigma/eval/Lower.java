package io.centinela.sigma.eval;

/**
 * Case folding used on both sides of every case-insensitive test: per-char {@link Character#toLowerCase(char)},
 * so lengths never change (unlike String.toLowerCase for 'İ') and offsets found on folded text stay valid.
 */
public final class Lower {

    private Lower() {
    }

    public static String of(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c < 128 ? (c >= 'A' && c <= 'Z') : c != Character.toLowerCase(c)) {
                break;
            }
            i++;
        }
        if (i == n) {
            return s;
        }
        char[] out = s.toCharArray();
        for (; i < n; i++) {
            char c = out[i];
            out[i] = c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
        }
        return new String(out);
    }
}
