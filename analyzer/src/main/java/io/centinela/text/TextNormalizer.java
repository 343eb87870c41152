package io.centinela.text;

import org.apache.commons.text.StringEscapeUtils;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The normalisation of {@link TextRendering#V2}: folds the spellings an attacker can vary without changing what a
 * mail client, web server or cmd.exe makes of the text, so that the model sees one spelling. Applied to each
 * value before masking. Deterministic, stateless, thread-safe.
 *
 * <ul>
 *   <li>{@link #text}: HTML entities decoded, NFKC (full-width and compatibility forms), invisible format
 *       characters (zero-width space/joiners, soft hyphen, BOM, bidi controls) removed, and Cyrillic/Greek
 *       look-alikes folded to Latin in words that mix them with Latin letters or consist only of look-alikes
 *       (so a genuinely Cyrillic word, which has letters without a Latin twin, is left alone).</li>
 *   <li>{@link #url}: URL-decoded until stable (at most {@value #MAX_URL_DECODES} times: double encoding), then
 *       {@link #text}, then SQL comments ({@code /*...*}{@code /}) replaced by a space.</li>
 *   <li>{@link #parameters}: a query string or form body with each repeated parameter written once, its
 *       distinct values joined by commas (parameter pollution pads a request with harmless duplicates), then
 *       {@link #url}.</li>
 *   <li>{@link #command}: {@link #text}, then cmd.exe escape carets and empty quote pairs removed.</li>
 * </ul>
 * Case is not folded here: the tokenizer lower-cases anyway.
 */
public final class TextNormalizer {

    static final int MAX_URL_DECODES = 3;
    private static final Pattern SQL_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}]+");

    /** Cyrillic and Greek letters that render like a Latin one (Unicode confusables, the common subset). */
    private static final Map<Character, Character> CONFUSABLES = Map.ofEntries(
            Map.entry('\u0430', 'a'), Map.entry('\u0435', 'e'), Map.entry('\u043e', 'o'), Map.entry('\u0440', 'p'),
            Map.entry('\u0441', 'c'), Map.entry('\u0443', 'y'), Map.entry('\u0445', 'x'), Map.entry('\u0456', 'i'),
            Map.entry('\u0458', 'j'), Map.entry('\u0455', 's'), Map.entry('\u0501', 'd'), Map.entry('\u04bb', 'h'),
            Map.entry('\u0410', 'A'), Map.entry('\u0412', 'B'), Map.entry('\u0415', 'E'), Map.entry('\u041a', 'K'),
            Map.entry('\u041c', 'M'), Map.entry('\u041d', 'H'), Map.entry('\u041e', 'O'), Map.entry('\u0420', 'P'),
            Map.entry('\u0421', 'C'), Map.entry('\u0422', 'T'), Map.entry('\u0425', 'X'), Map.entry('\u0406', 'I'),
            Map.entry('\u0405', 'S'), Map.entry('\u0408', 'J'),
            Map.entry('\u03bf', 'o'), Map.entry('\u03b1', 'a'), Map.entry('\u03bd', 'v'), Map.entry('\u03c1', 'p'),
            Map.entry('\u03b9', 'i'), Map.entry('\u039f', 'O'), Map.entry('\u0391', 'A'), Map.entry('\u0392', 'B'),
            Map.entry('\u0395', 'E'), Map.entry('\u0396', 'Z'), Map.entry('\u0397', 'H'), Map.entry('\u0399', 'I'),
            Map.entry('\u039a', 'K'), Map.entry('\u039c', 'M'), Map.entry('\u039d', 'N'), Map.entry('\u03a1', 'P'),
            Map.entry('\u03a4', 'T'), Map.entry('\u03a5', 'Y'), Map.entry('\u03a7', 'X'));

    private TextNormalizer() {
    }

    /** Free text (e-mail subject and body, Windows values): entities, NFKC, invisible characters, confusables. */
    public static String text(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String out = s.indexOf('&') >= 0 ? StringEscapeUtils.unescapeHtml4(s) : s;
        out = Normalizer.normalize(out, Normalizer.Form.NFKC);
        out = removeFormatCharacters(out);
        return foldConfusables(out);
    }

    /** A URL path, query or form body: decoded until stable, then {@link #text}, SQL comments to spaces. */
    public static String url(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String out = s;
        for (int i = 0; i < MAX_URL_DECODES; i++) {
            String next = urlDecodeOnce(out);
            if (next.equals(out)) {
                break;
            }
            out = next;
        }
        out = text(out);
        return out.indexOf("/*") >= 0 ? SQL_COMMENT.matcher(out).replaceAll(" ") : out;
    }

    /** A query string or form body ({@code name=value&...}): repeated parameters merged, then {@link #url}. */
    public static String parameters(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        if (s.indexOf('&') < 0) {
            return url(s);
        }
        java.util.LinkedHashMap<String, java.util.LinkedHashSet<String>> byName = new java.util.LinkedHashMap<>();
        java.util.List<String> bare = new java.util.ArrayList<>();
        boolean repeated = false;
        for (String p : s.split("&")) {
            int eq = p.indexOf('=');
            if (eq < 0) {
                bare.add(p);
                continue;
            }
            java.util.LinkedHashSet<String> values = byName.computeIfAbsent(p.substring(0, eq), k -> new java.util.LinkedHashSet<>());
            repeated |= !values.isEmpty();
            values.add(p.substring(eq + 1));
        }
        if (!repeated) {
            return url(s);
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (java.util.Map.Entry<String, java.util.LinkedHashSet<String>> e : byName.entrySet()) {
            sb.append(sb.length() == 0 ? "" : "&").append(e.getKey()).append('=').append(String.join(",", e.getValue()));
        }
        bare.forEach(b -> sb.append(sb.length() == 0 ? "" : "&").append(b));
        return url(sb.toString());
    }

    /** A Windows command line: {@link #text}, then cmd.exe carets ({@code p^ower}) and empty quotes removed. */
    public static String command(String s) {
        String out = text(s);
        return out.replace("^", "").replace("\"\"", "");
    }

    /** Decodes %xx and '+' once; a malformed escape stops decoding (the value is kept as it is). */
    static String urlDecodeOnce(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static String removeFormatCharacters(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.getType(c) == Character.FORMAT) {
                if (sb == null) {
                    sb = new StringBuilder(s.length());
                    sb.append(s, 0, i);
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String foldConfusables(String s) {
        boolean any = false;
        for (int i = 0; i < s.length() && !any; i++) {
            any = CONFUSABLES.containsKey(s.charAt(i));
        }
        if (!any) {
            return s;
        }
        java.util.regex.Matcher m = WORD.matcher(s);
        StringBuilder sb = new StringBuilder(s.length());
        int last = 0;
        while (m.find()) {
            String w = m.group();
            boolean latin = false;
            boolean allConfusable = true;
            boolean hasConfusable = false;
            for (int i = 0; i < w.length(); i++) {
                char c = w.charAt(i);
                boolean conf = CONFUSABLES.containsKey(c);
                hasConfusable |= conf;
                latin |= c < 0x250 && Character.isLetter(c);
                allConfusable &= conf || Character.getType(c) == Character.NON_SPACING_MARK;
            }
            if (hasConfusable && (latin || allConfusable)) {
                sb.append(s, last, m.start());
                for (int i = 0; i < w.length(); i++) {
                    sb.append(CONFUSABLES.getOrDefault(w.charAt(i), w.charAt(i)));
                }
                last = m.end();
            }
        }
        sb.append(s, last, s.length());
        return sb.toString();
    }
}
