package io.centinela.sigma.compile;

import io.centinela.sigma.eval.LiteralKind;
import io.centinela.sigma.eval.TimePart;
import io.centinela.sigma.parse.SigmaSyntaxException;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A validated modifier chain of one field item. */
record Modifiers(List<String> chain, LiteralKind position, boolean all, boolean re, int reFlags, boolean cidr,
                 boolean exists, boolean cased, String compare, boolean neq, boolean fieldref, TimePart timePart) {

    static final Set<String> KNOWN = Set.of("contains", "startswith", "endswith", "all", "re", "i", "m", "s",
            "windash", "base64", "base64offset", "wide", "utf16le", "utf16be", "utf16", "cidr", "exists", "cased",
            "gt", "gte", "lt", "lte", "neq", "fieldref", "expand", "minute", "hour", "day", "week", "month", "year");
    private static final Set<String> ENCODINGS = Set.of("wide", "utf16le", "utf16be", "utf16");
    private static final Set<String> COMPARES = Set.of("gt", "gte", "lt", "lte");
    private static final Set<String> TIME_PARTS = Set.of("minute", "hour", "day", "week", "month", "year");

    static Modifiers parse(List<String> raw, int line) throws SigmaSyntaxException {
        LiteralKind position = LiteralKind.EQUALS;
        boolean all = false, re = false, cidr = false, exists = false, cased = false, neq = false, fieldref = false;
        int flags = 0;
        String compare = null;
        TimePart part = null;
        boolean pendingEncoding = false;
        boolean base64 = false;
        for (String m0 : raw) {
            String m = m0.toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(m)) {
                throw new SigmaSyntaxException(line, "unknown modifier '" + m0 + "'");
            }
            switch (m) {
                case "contains", "startswith", "endswith" -> {
                    if (position != LiteralKind.EQUALS) {
                        throw new SigmaSyntaxException(line, "only one of contains/startswith/endswith may be used");
                    }
                    position = m.equals("contains") ? LiteralKind.CONTAINS
                            : m.equals("startswith") ? LiteralKind.STARTS_WITH : LiteralKind.ENDS_WITH;
                }
                case "all" -> all = true;
                case "re" -> re = true;
                case "i" -> flags |= com.google.re2j.Pattern.CASE_INSENSITIVE;
                case "m" -> flags |= com.google.re2j.Pattern.MULTILINE;
                case "s" -> flags |= com.google.re2j.Pattern.DOTALL;
                case "cidr" -> cidr = true;
                case "exists" -> exists = true;
                case "cased" -> cased = true;
                case "neq" -> neq = true;
                case "fieldref" -> fieldref = true;
                case "base64", "base64offset" -> {
                    pendingEncoding = false;
                    base64 = true;
                }
                default -> {
                    if (ENCODINGS.contains(m)) {
                        pendingEncoding = true;
                    } else if (COMPARES.contains(m)) {
                        if (compare != null) {
                            throw new SigmaSyntaxException(line, "only one of gt/gte/lt/lte may be used");
                        }
                        compare = m;
                    } else if (TIME_PARTS.contains(m)) {
                        part = TimePart.valueOf(m.toUpperCase(Locale.ROOT));
                    }
                }
            }
        }
        if (flags != 0 && !re) {
            throw new SigmaSyntaxException(line, "regex flags i/m/s need the 're' modifier");
        }
        if (pendingEncoding) {
            throw new SigmaSyntaxException(line, "wide/utf16 modifiers must be followed by base64 or base64offset");
        }
        int kinds = (re ? 1 : 0) + (cidr ? 1 : 0) + (exists ? 1 : 0) + (compare != null || part != null ? 1 : 0)
                + (fieldref ? 1 : 0);
        if (kinds > 1) {
            throw new SigmaSyntaxException(line, "modifiers " + raw + " cannot be combined");
        }
        if (kinds == 1 && (base64 || position != LiteralKind.EQUALS && !fieldref || raw.contains("windash"))) {
            throw new SigmaSyntaxException(line, "modifiers " + raw + " cannot be combined");
        }
        if (neq && (kinds > 0 || position != LiteralKind.EQUALS)) {
            throw new SigmaSyntaxException(line, "'neq' takes plain values only");
        }
        return new Modifiers(List.copyOf(raw), position, all, re, flags, cidr, exists, cased, compare, neq, fieldref, part);
    }
}
