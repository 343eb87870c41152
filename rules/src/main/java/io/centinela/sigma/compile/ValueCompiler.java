package io.centinela.sigma.compile;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.centinela.sigma.eval.Cidr;
import io.centinela.sigma.eval.EngineVersion;
import io.centinela.sigma.eval.GlobPattern;
import io.centinela.sigma.eval.LiteralKind;
import io.centinela.sigma.eval.LiteralTables;
import io.centinela.sigma.eval.Node;
import io.centinela.sigma.eval.Nodes;
import io.centinela.sigma.eval.Numbers;
import io.centinela.sigma.parse.FieldItem;
import io.centinela.sigma.parse.RuleValue;
import io.centinela.sigma.parse.SigmaSyntaxException;
import io.centinela.sigma.parse.YamlNode.YScalar;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Compiles one field item (field, modifier chain, values) into a {@link Node}, registering its literal tests in
 * the shared {@link LiteralTables}. String-transforming modifiers run left to right as the specification says.
 */
final class ValueCompiler {

    /** Dash characters that {@code windash} accepts for '-' and '/' at the start of a word. */
    static final List<String> DASHES = List.of("-", "/", "\u2013", "\u2014", "\u2015");
    private static final int MAX_VARIANTS = 4096;
    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("%([A-Za-z0-9_.\\-]+)%");

    private final LiteralTables tables;
    private final Placeholders placeholders;

    ValueCompiler(LiteralTables tables, Placeholders placeholders) {
        this.tables = tables;
        this.placeholders = placeholders;
    }

    Node compile(FieldItem item, Map<String, String> renames, String family) throws SigmaSyntaxException {
        int line = item.line();
        Modifiers mods = Modifiers.parse(item.modifiers(), line);
        if (item.isKeyword()) {
            return keywords(item, mods, family);
        }
        String fieldName = renames.getOrDefault(item.field(), item.field());
        int field = tables.field(family, fieldName);
        List<RuleValue> values = item.values();
        if (mods.exists()) {
            if (values.size() != 1 || values.get(0).kind() != YScalar.Kind.BOOL) {
                throw new SigmaSyntaxException(line, "'exists' needs exactly one value, true or false");
            }
            return new Nodes.Exists(field, values.get(0).text().equalsIgnoreCase("true"));
        }
        List<Node> perValue = new ArrayList<>();
        if (mods.re()) {
            for (RuleValue v : values) {
                try {
                    Pattern pattern = Pattern.compile(v.text(), mods.reFlags());
                    perValue.add(regexNode(field, pattern, v.text(), mods.reFlags()));
                } catch (PatternSyntaxException e) {
                    throw new SigmaSyntaxException(line, "regex '" + v.text() + "' is not valid RE2 syntax ("
                            + e.getDescription() + "); look-around and back-references are not supported");
                }
            }
            return combine(perValue, mods.all());
        }
        if (mods.cidr()) {
            List<Cidr> nets = new ArrayList<>();
            for (RuleValue v : values) {
                try {
                    nets.add(Cidr.parse(v.text()));
                } catch (IllegalArgumentException e) {
                    throw new SigmaSyntaxException(line, e.getMessage());
                }
            }
            return new Nodes.CidrNode(field, nets);
        }
        if (mods.compare() != null || mods.timePart() != null) {
            Nodes.Compare.Op op = mods.compare() == null ? Nodes.Compare.Op.EQ
                    : Nodes.Compare.Op.valueOf(mods.compare().toUpperCase(Locale.ROOT));
            for (RuleValue v : values) {
                BigDecimal bound = Numbers.parse(v.text().trim());
                if (bound == null || v.kind() == YScalar.Kind.BOOL) {
                    throw new SigmaSyntaxException(line, "'" + String.join("|", item.modifiers()) + "' needs a number, got '" + v.text() + "'");
                }
                perValue.add(new Nodes.Compare(field, op, bound, mods.timePart()));
            }
            return combine(perValue, mods.all());
        }
        if (mods.fieldref()) {
            for (RuleValue v : values) {
                perValue.add(new Nodes.FieldRef(field, tables.field(family, renames.getOrDefault(v.text(), v.text())),
                        mods.position(), mods.cased()));
            }
            return combine(perValue, mods.all());
        }
        for (RuleValue v : values) {
            if (v.isNull()) {
                perValue.add(new Nodes.Absent(field));
                continue;
            }
            List<SigmaString> variants = transform(v, mods, line);
            perValue.add(variantsNode(field, variants, mods.cased()));
        }
        Node node = combineLiterals(field, perValue, mods.all());
        if (mods.neq()) {
            return new Nodes.And(List.of(new Nodes.Exists(field, true), new Nodes.Not(node)));
        }
        return node;
    }

    /** A regex node, with the necessary conditions that let it skip RE2J (current engine only). */
    private Node regexNode(int field, Pattern pattern, String regex, int flags) {
        if (tables.version() == EngineVersion.REFERENCE) {
            return new Nodes.Regex(field, pattern, new int[0], 0);
        }
        RegexLiterals.Facts f = RegexLiterals.of(regex, (flags & Pattern.CASE_INSENSITIVE) != 0, 2);
        // Every required literal must be present; the three longest are enough to rule out nearly all values.
        int[] bits = f.all().stream().limit(3).mapToInt(l -> tables.literal(field, LiteralKind.CONTAINS, l)).toArray();
        return new Nodes.Regex(field, pattern, bits, f.minLength());
    }

    private Node keywords(FieldItem item, Modifiers mods, String family) throws SigmaSyntaxException {
        if (mods.re() || mods.cidr() || mods.exists() || mods.compare() != null || mods.fieldref() || mods.neq()
                || mods.timePart() != null) {
            throw new SigmaSyntaxException(item.line(), "keyword lists take only string modifiers, got " + mods.chain());
        }
        // Keywords search every value of the event: they compile to literals on the all-values pseudo-field,
        // so plain keywords share the automaton like any other contains test.
        int all = tables.field(family, io.centinela.sigma.eval.FieldTable.ALL_VALUES);
        List<Node> perValue = new ArrayList<>();
        for (RuleValue v : item.values()) {
            if (v.isNull()) {
                throw new SigmaSyntaxException(item.line(), "a keyword cannot be null");
            }
            List<SigmaString> variants = new ArrayList<>();
            for (SigmaString s : transform(v, mods, item.line())) {
                variants.add(s.prependStar().appendStar());
            }
            perValue.add(variantsNode(all, variants, mods.cased()));
        }
        return combine(perValue, mods.all());
    }

    /** Applies the string modifiers in chain order; returns the variants (OR'ed) of one value. */
    List<SigmaString> transform(RuleValue v, Modifiers mods, int line) throws SigmaSyntaxException {
        List<Object> cur = new ArrayList<>();
        cur.add(initial(v));
        for (String m0 : mods.chain()) {
            String m = m0.toLowerCase(Locale.ROOT);
            List<Object> next = new ArrayList<>();
            for (Object o : cur) {
                switch (m) {
                    case "expand" -> next.addAll(expand(asString(o, m, line), line));
                    case "wide", "utf16le" -> next.add(plain(o, m, line).getBytes(StandardCharsets.UTF_16LE));
                    case "utf16be" -> next.add(plain(o, m, line).getBytes(StandardCharsets.UTF_16BE));
                    case "utf16" -> {
                        byte[] le = plain(o, m, line).getBytes(StandardCharsets.UTF_16LE);
                        byte[] b = new byte[le.length + 2];
                        b[0] = (byte) 0xff;
                        b[1] = (byte) 0xfe;
                        System.arraycopy(le, 0, b, 2, le.length);
                        next.add(b);
                    }
                    case "base64" -> next.add(SigmaString.literal(Base64.getEncoder().encodeToString(bytes(o, m, line))));
                    case "base64offset" -> next.addAll(base64Offsets(bytes(o, m, line)));
                    case "windash" -> next.addAll(windash(asString(o, m, line)));
                    case "contains" -> next.add(asString(o, m, line).prependStar().appendStar());
                    case "startswith" -> next.add(asString(o, m, line).appendStar());
                    case "endswith" -> next.add(asString(o, m, line).prependStar());
                    default -> next.add(o); // flags: all, cased, neq
                }
                if (next.size() > MAX_VARIANTS) {
                    throw new SigmaSyntaxException(line, "value '" + v.text() + "' expands into more than " + MAX_VARIANTS + " variants");
                }
            }
            cur = next;
        }
        List<SigmaString> out = new ArrayList<>(cur.size());
        for (Object o : cur) {
            out.add(asString(o, "(end of chain)", line));
        }
        return out;
    }

    private static SigmaString initial(RuleValue v) {
        return switch (v.kind()) {
            case STRING -> SigmaString.parse(v.text());
            case INT -> SigmaString.literal(canonicalInt(v.text()));
            case BOOL -> SigmaString.literal(v.text().toLowerCase(Locale.ROOT));
            default -> SigmaString.literal(v.text());
        };
    }

    private static String canonicalInt(String text) {
        String t = text.replace("_", "");
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return new BigInteger(t.substring(2), 16).toString();
            }
            if (t.startsWith("0o")) {
                return new BigInteger(t.substring(2), 8).toString();
            }
            return new BigInteger(t).toString();
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static SigmaString asString(Object o, String mod, int line) throws SigmaSyntaxException {
        if (o instanceof SigmaString s) {
            return s;
        }
        throw new SigmaSyntaxException(line, "'" + mod + "' cannot follow wide/utf16 (encode with base64 first)");
    }

    private static String plain(Object o, String mod, int line) throws SigmaSyntaxException {
        String p = asString(o, mod, line).plainOrNull();
        if (p == null) {
            throw new SigmaSyntaxException(line, "'" + mod + "' cannot encode a value with wildcards");
        }
        return p;
    }

    private static byte[] bytes(Object o, String mod, int line) throws SigmaSyntaxException {
        if (o instanceof byte[] b) {
            return b;
        }
        return plain(o, mod, line).getBytes(StandardCharsets.UTF_8);
    }

    /** The three encodings of a value at byte offsets 0, 1, 2, trimmed to the characters that do not depend on context. */
    static List<SigmaString> base64Offsets(byte[] value) {
        int[] startOffsets = {0, 2, 3};
        int[] endTrim = {0, 3, 2};
        List<SigmaString> out = new ArrayList<>(3);
        for (int i = 0; i < 3; i++) {
            byte[] shifted = new byte[value.length + i];
            for (int k = 0; k < i; k++) {
                shifted[k] = ' ';
            }
            System.arraycopy(value, 0, shifted, i, value.length);
            String enc = Base64.getEncoder().encodeToString(shifted);
            int end = enc.length() - endTrim[(value.length + i) % 3];
            out.add(SigmaString.literal(enc.substring(startOffsets[i], Math.max(startOffsets[i], end))));
        }
        return out;
    }

    /** '-' or '/' at the start of a word becomes each of {@link #DASHES}; several such dashes multiply. */
    static List<SigmaString> windash(SigmaString s) {
        return s.expandText(ValueCompiler::dashVariants, MAX_VARIANTS);
    }

    private static List<String> dashVariants(String text) {
        List<String> acc = new ArrayList<>();
        acc.add("");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean prevWord = i > 0 && isWord(text.charAt(i - 1));
            boolean nextWord = i + 1 < text.length() && isWord(text.charAt(i + 1));
            List<String> next = new ArrayList<>(acc.size());
            if ((c == '-' || c == '/') && !prevWord && nextWord) {
                for (String a : acc) {
                    for (String d : DASHES) {
                        next.add(a + d);
                    }
                }
            } else {
                for (String a : acc) {
                    next.add(a + c);
                }
            }
            acc = next;
            if (acc.size() > MAX_VARIANTS) {
                throw new IllegalArgumentException("windash: too many variants");
            }
        }
        return acc;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private List<SigmaString> expand(SigmaString s, int line) throws SigmaSyntaxException {
        String text = s.toString();
        Matcher m = PLACEHOLDER.matcher(text);
        if (!m.find()) {
            return List.of(s);
        }
        String name = m.group(1);
        List<String> vals = placeholders.get(name);
        if (vals == null || vals.isEmpty()) {
            throw new SigmaSyntaxException(line, "placeholder %" + name + "% has no value; pass a placeholder file that defines it");
        }
        List<SigmaString> out = new ArrayList<>();
        for (String val : vals) {
            String replaced = text.substring(0, m.start()) + val + text.substring(m.end());
            out.addAll(expand(SigmaString.parse(replaced), line));
        }
        return out;
    }

    /** One value's variants as a node: literal bits where possible, a glob otherwise. */
    private Node variantsNode(int field, List<SigmaString> variants, boolean cased) {
        List<Node> nodes = new ArrayList<>();
        List<Integer> bits = new ArrayList<>();
        for (SigmaString s : variants) {
            List<Object> p = s.parts();
            boolean star0 = s.startsWithStar();
            boolean starN = s.endsWithStar();
            if (!s.hasWildcards() && !cased) {
                bits.add(tables.literal(field, LiteralKind.EQUALS, s.plainOrNull()));
            } else if (p.stream().allMatch(x -> x == SigmaString.Wildcard.STAR)) {
                nodes.add(new Nodes.Exists(field, true));
            } else if (!cased && p.size() == 3 && star0 && starN && p.get(1) instanceof String t) {
                bits.add(tables.literal(field, LiteralKind.CONTAINS, t));
            } else if (!cased && p.size() == 2 && starN && p.get(0) instanceof String t) {
                bits.add(tables.literal(field, LiteralKind.STARTS_WITH, t));
            } else if (!cased && p.size() == 2 && star0 && p.get(1) instanceof String t) {
                bits.add(tables.literal(field, LiteralKind.ENDS_WITH, t));
            } else {
                String longest = null;
                for (Object o : p) {
                    if (o instanceof String t && (longest == null || t.length() > longest.length())) {
                        longest = t;
                    }
                }
                int pre = longest == null ? -1 : tables.literal(field, LiteralKind.CONTAINS, longest);
                nodes.add(new Nodes.Glob(field, new GlobPattern(s, !cased), cased, pre));
            }
        }
        if (!bits.isEmpty()) {
            nodes.add(0, new Nodes.AnyLiteral(field, bits.stream().distinct().mapToInt(Integer::intValue).toArray()));
        }
        return nodes.size() == 1 ? nodes.get(0) : new Nodes.Or(nodes);
    }

    /** OR (or AND with {@code all}) of per-value nodes, merging single-field literal sets into one bit test. */
    private static Node combineLiterals(int field, List<Node> perValue, boolean all) {
        return combine(perValue, all);
    }

    private static Node combine(List<Node> nodes, boolean all) {
        if (nodes.size() == 1) {
            return nodes.get(0);
        }
        if (!all) {
            // Merge plain literal tests of the same field into one AnyLiteral (one bit scan).
            List<Node> merged = new ArrayList<>();
            List<Nodes.AnyLiteral> literals = new ArrayList<>();
            for (Node n : nodes) {
                if (n instanceof Nodes.AnyLiteral a) {
                    literals.add(a);
                } else {
                    merged.add(n);
                }
            }
            if (!literals.isEmpty()) {
                merged.add(0, literals.size() == 1 ? literals.get(0) : Nodes.AnyLiteral.union(literals));
            }
            return merged.size() == 1 ? merged.get(0) : new Nodes.Or(merged);
        }
        return new Nodes.And(nodes);
    }
}
