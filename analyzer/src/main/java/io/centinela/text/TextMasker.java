package io.centinela.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces high-entropy runs that WordPiece shreds into many meaningless tokens (GUIDs, hashes, SIDs, base64
 * blobs, long numbers) with short placeholders, and collapses whitespace. The placeholder keeps the signal
 * ("there was a base64 blob here") without spending 50 tokens on it. Deterministic and thread-safe.
 */
public final class TextMasker {

    private static final Pattern GUID = Pattern.compile(
            "\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}?");
    private static final Pattern SID = Pattern.compile("S-1-\\d+(?:-\\d+){1,14}");
    private static final Pattern HEX = Pattern.compile("\\b(?:0x)?[0-9a-fA-F]{16,}\\b");
    // Base64 / base64url runs: long, and containing both a digit or symbol and letters of both cases.
    private static final Pattern B64 = Pattern.compile("[A-Za-z0-9+/_-]{32,}={0,2}");
    private static final Pattern LONG_NUM = Pattern.compile("\\b\\d{7,}\\b");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private TextMasker() {
    }

    public static String mask(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String out = GUID.matcher(sanitize(s)).replaceAll("<guid>");
        out = SID.matcher(out).replaceAll("<sid>");
        out = HEX.matcher(out).replaceAll("<hex>");
        out = maskBase64(out);
        out = LONG_NUM.matcher(out).replaceAll("<num>");
        for (String[] a : PATH_ABBREVIATIONS) {
            out = a[0].isEmpty() ? out : replaceIgnoreCase(out, a[0], a[1]);
        }
        return SPACE.matcher(out).replaceAll(" ").trim();
    }

    /** Well-known long directory prefixes, shortened (case-insensitive). Longest first. */
    private static final String[][] PATH_ABBREVIATIONS = {
            {"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\", "%ps%\\"},
            {"C:\\Windows\\SysWOW64\\WindowsPowerShell\\v1.0\\", "%ps32%\\"},
            {"C:\\Windows\\System32\\", "%sys%\\"},
            {"C:\\Windows\\SysWOW64\\", "%wow%\\"},
            {"C:\\Program Files (x86)\\", "%pf86%\\"},
            {"C:\\Program Files\\", "%pf%\\"},
            {"C:\\ProgramData\\", "%pd%\\"},
            {"HKLM\\System\\CurrentControlSet\\", "HKLM\\CCS\\"},
            {"\\REGISTRY\\MACHINE\\", "HKLM\\"},
            {"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\", "HKLM\\WinCV\\"},
            {"HKU\\", "HKU\\"},
    };

    private static String replaceIgnoreCase(String s, String find, String repl) {
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        String f = find.toLowerCase(java.util.Locale.ROOT);
        int i = lower.indexOf(f);
        if (i < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        int last = 0;
        while (i >= 0) {
            sb.append(s, last, i).append(repl);
            last = i + find.length();
            i = lower.indexOf(f, last);
        }
        sb.append(s, last, s.length());
        return sb.toString();
    }

    /**
     * Replaces unpaired surrogates (not encodable as UTF-8, which the native tokenizer needs) with U+FFFD and
     * control characters other than whitespace with a space.
     */
    public static String sanitize(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char fixed = c;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    if (sb != null) {
                        sb.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                fixed = '\uFFFD';
            } else if (Character.isLowSurrogate(c)) {
                fixed = '\uFFFD';
            } else if (Character.isISOControl(c) && !Character.isWhitespace(c)) {
                fixed = ' ';
            }
            if (fixed != c && sb == null) {
                sb = new StringBuilder(s.length());
                sb.append(s, 0, i);
            }
            if (sb != null) {
                sb.append(fixed);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String maskBase64(String s) {
        Matcher m = B64.matcher(s);
        if (!m.find()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        int last = 0;
        do {
            String run = m.group();
            if (looksEncoded(run)) {
                sb.append(s, last, m.start()).append("<b64>");
                last = m.end();
            }
        } while (m.find());
        sb.append(s, last, s.length());
        return sb.toString();
    }

    /** Words and paths are long too; an encoded run mixes upper, lower and digits. */
    private static boolean looksEncoded(String run) {
        int upper = 0;
        int lower = 0;
        int digit = 0;
        for (int i = 0; i < run.length(); i++) {
            char c = run.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                upper++;
            } else if (c >= 'a' && c <= 'z') {
                lower++;
            } else if (c >= '0' && c <= '9') {
                digit++;
            }
        }
        return upper > 0 && lower > 0 && (digit > 0 || run.indexOf('+') >= 0 || run.indexOf('/') >= 0)
                && upper + digit >= run.length() / 6;
    }

    /** Cuts to at most {@code max} characters (on a char boundary that does not split a surrogate pair). */
    public static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        if (s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
