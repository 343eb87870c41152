package io.centinela.sigma.compile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Sigma string value: literal text and wildcards. Parsing follows the specification's escapes: {@code \*},
 * {@code \?} and {@code \\} are literal; a backslash before anything else (or at the end) stays a backslash.
 * Immutable.
 */
public final class SigmaString {

    /** A wildcard token inside {@link #parts()}. */
    public enum Wildcard { STAR, QMARK }

    private final List<Object> parts; // String chunks and Wildcard tokens, no two Strings adjacent

    private SigmaString(List<Object> parts) {
        this.parts = Collections.unmodifiableList(parts);
    }

    public static SigmaString parse(String text) {
        Builder b = new Builder();
        boolean escaped = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (escaped) {
                if (c != '*' && c != '?' && c != '\\') {
                    b.text('\\');
                }
                b.text(c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '*') {
                b.wildcard(Wildcard.STAR);
            } else if (c == '?') {
                b.wildcard(Wildcard.QMARK);
            } else {
                b.text(c);
            }
        }
        if (escaped) {
            b.text('\\');
        }
        return b.build();
    }

    /** A value with no wildcards at all (e.g. the output of base64). */
    public static SigmaString literal(String text) {
        Builder b = new Builder();
        for (int i = 0; i < text.length(); i++) {
            b.text(text.charAt(i));
        }
        return b.build();
    }

    public List<Object> parts() {
        return parts;
    }

    public boolean hasWildcards() {
        for (Object p : parts) {
            if (p instanceof Wildcard) {
                return true;
            }
        }
        return false;
    }

    public boolean startsWithStar() {
        return !parts.isEmpty() && parts.get(0) == Wildcard.STAR;
    }

    public boolean endsWithStar() {
        return !parts.isEmpty() && parts.get(parts.size() - 1) == Wildcard.STAR;
    }

    public SigmaString prependStar() {
        if (startsWithStar()) {
            return this;
        }
        List<Object> p = new ArrayList<>(parts.size() + 1);
        p.add(Wildcard.STAR);
        p.addAll(parts);
        return new SigmaString(p);
    }

    public SigmaString appendStar() {
        if (endsWithStar()) {
            return this;
        }
        List<Object> p = new ArrayList<>(parts);
        p.add(Wildcard.STAR);
        return new SigmaString(p);
    }

    /** The text when there are no wildcards; otherwise null. */
    public String plainOrNull() {
        if (hasWildcards()) {
            return null;
        }
        return parts.isEmpty() ? "" : (String) parts.get(0);
    }

    /** Replaces each text chunk by the output of {@code f}, which may yield several strings (one per variant). */
    public List<SigmaString> expandText(java.util.function.Function<String, List<String>> f, int maxVariants) {
        List<List<Object>> acc = new ArrayList<>();
        acc.add(new ArrayList<>());
        for (Object p : parts) {
            if (p instanceof String s) {
                List<String> variants = f.apply(s);
                List<List<Object>> next = new ArrayList<>();
                for (List<Object> prefix : acc) {
                    for (String v : variants) {
                        List<Object> copy = new ArrayList<>(prefix);
                        copy.add(v);
                        next.add(copy);
                        if (next.size() > maxVariants) {
                            throw new IllegalArgumentException("value expands into more than " + maxVariants + " variants");
                        }
                    }
                }
                acc = next;
            } else {
                for (List<Object> prefix : acc) {
                    prefix.add(p);
                }
            }
        }
        List<SigmaString> out = new ArrayList<>(acc.size());
        for (List<Object> ps : acc) {
            Builder b = new Builder();
            for (Object o : ps) {
                if (o instanceof String s) {
                    for (int i = 0; i < s.length(); i++) {
                        b.text(s.charAt(i));
                    }
                } else {
                    b.wildcard((Wildcard) o);
                }
            }
            out.add(b.build());
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigmaString s && s.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    /** Renders back in Sigma syntax (wildcards as * and ?, literal ones escaped). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p == Wildcard.STAR) {
                sb.append('*');
            } else if (p == Wildcard.QMARK) {
                sb.append('?');
            } else {
                String s = (String) p;
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c == '*' || c == '?' || c == '\\') {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    private static final class Builder {
        private final List<Object> parts = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        void text(char c) {
            text.append(c);
        }

        void wildcard(Wildcard w) {
            flush();
            parts.add(w);
        }

        private void flush() {
            if (text.length() > 0) {
                parts.add(text.toString());
                text.setLength(0);
            }
        }

        SigmaString build() {
            flush();
            return new SigmaString(parts);
        }
    }
}
