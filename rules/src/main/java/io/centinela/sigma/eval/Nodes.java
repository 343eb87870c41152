package io.centinela.sigma.eval;

import com.google.re2j.Pattern;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The compiled node types. Field nodes are false when the field is absent unless stated otherwise. */
public final class Nodes {

    private Nodes() {
    }

    /** Base for nodes on one field: explains with the first value that satisfies {@link #valueMatches}. */
    abstract static class FieldNode implements Node {
        final int field;

        FieldNode(int field) {
            this.field = field;
        }

        /** Whether value {@code i} of the field satisfies the test; default: the whole-field test. */
        boolean valueMatches(EventView v, int i) {
            return test(v);
        }

        @Override
        public void explain(EventView v, Map<String, String> out) {
            String[] vals = v.values(field);
            for (int i = 0; i < vals.length; i++) {
                if (valueMatches(v, i)) {
                    out.putIfAbsent(v.fieldName(field), vals[i]);
                    return;
                }
            }
            if (vals.length > 0) {
                out.putIfAbsent(v.fieldName(field), vals[0]);
            }
        }
    }

    /** Any of the field's literal bits (a value list without {@code all}). */
    public static final class AnyLiteral extends FieldNode {
        private final int[] bits;

        public AnyLiteral(int field, int[] bits) {
            super(field);
            this.bits = bits;
        }

        /** One node testing the bits of all (same field), in first-seen order; one pass, not pairwise merges. */
        public static AnyLiteral union(List<AnyLiteral> parts) {
            int field = parts.get(0).field;
            java.util.LinkedHashSet<Integer> all = new java.util.LinkedHashSet<>();
            for (AnyLiteral a : parts) {
                if (a.field != field) {
                    throw new IllegalArgumentException("different fields");
                }
                for (int b : a.bits) {
                    all.add(b);
                }
            }
            return new AnyLiteral(field, all.stream().mapToInt(Integer::intValue).toArray());
        }

        @Override
        public boolean test(EventView v) {
            if (!v.present(field)) {
                return false;
            }
            long[] h = v.hitBits(field);
            for (int b : bits) {
                if ((h[b >>> 6] & (1L << b)) != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Every literal bit (the {@code all} modifier). */
    public static final class AllLiteral extends FieldNode {
        private final int[] bits;

        public AllLiteral(int field, int[] bits) {
            super(field);
            this.bits = bits;
        }

        @Override
        public boolean test(EventView v) {
            if (!v.present(field)) {
                return false;
            }
            long[] h = v.hitBits(field);
            for (int b : bits) {
                if ((h[b >>> 6] & (1L << b)) == 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A wildcard pattern with inner wildcards; {@code prefilterBit} (or -1) is a literal it must contain. */
    public static final class Glob extends FieldNode {
        private final GlobPattern pattern;
        private final boolean cased;
        private final int prefilterBit;

        public Glob(int field, GlobPattern pattern, boolean cased, int prefilterBit) {
            super(field);
            this.pattern = pattern;
            this.cased = cased;
            this.prefilterBit = prefilterBit;
        }

        @Override
        public boolean test(EventView v) {
            if (prefilterBit >= 0 && (!v.present(field) || !v.hit(field, prefilterBit))) {
                return false;
            }
            String[] vals = cased ? v.values(field) : v.folded(field);
            for (String s : vals) {
                if (pattern.matches(s)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        boolean valueMatches(EventView v, int i) {
            return pattern.matches((cased ? v.values(field) : v.folded(field))[i]);
        }
    }

    /**
     * {@code re}: RE2J search anywhere in the value (case-sensitive unless {@code re|i}). Necessary conditions
     * found at compile time skip RE2J: {@code prefilterBits} are literals every match contains (all must have
     * hit the field), and a value shorter than {@code minLength} chars cannot hold a match.
     */
    public static final class Regex extends FieldNode {
        private final Pattern pattern;
        private final int[] prefilterBits;
        private final int minLength;

        public Regex(int field, Pattern pattern, int[] prefilterBits, int minLength) {
            super(field);
            this.pattern = pattern;
            this.prefilterBits = prefilterBits.clone();
            this.minLength = minLength;
        }

        @Override
        public boolean test(EventView v) {
            if (prefilterBits.length > 0) {
                if (!v.present(field)) {
                    return false;
                }
                for (int b : prefilterBits) {
                    if (!v.hit(field, b)) {
                        return false;
                    }
                }
            }
            for (String s : v.values(field)) {
                if (s.length() >= minLength && pattern.matcher(s).find()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        boolean valueMatches(EventView v, int i) {
            String s = v.values(field)[i];
            return s.length() >= minLength && pattern.matcher(s).find();
        }
    }

    /** {@code cidr}: the value is an IP inside one of the networks. */
    public static final class CidrNode extends FieldNode {
        private final List<Cidr> networks;

        public CidrNode(int field, List<Cidr> networks) {
            super(field);
            this.networks = List.copyOf(networks);
        }

        @Override
        public boolean test(EventView v) {
            String[] vals = v.values(field);
            for (int i = 0; i < vals.length; i++) {
                if (valueMatches(v, i)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        boolean valueMatches(EventView v, int i) {
            String s = v.values(field)[i];
            for (Cidr c : networks) {
                if (c.contains(s)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** gt/gte/lt/lte/eq on numbers, optionally on a time part of a timestamp value. */
    public static final class Compare extends FieldNode {
        public enum Op { GT, GTE, LT, LTE, EQ }

        private final Op op;
        private final BigDecimal bound;
        private final TimePart part;

        public Compare(int field, Op op, BigDecimal bound, TimePart part) {
            super(field);
            this.op = op;
            this.bound = bound;
            this.part = part;
        }

        @Override
        public boolean test(EventView v) {
            String[] vals = v.values(field);
            for (int i = 0; i < vals.length; i++) {
                if (valueMatches(v, i)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        boolean valueMatches(EventView v, int i) {
            BigDecimal x;
            String s = v.values(field)[i].trim();
            if (part != null) {
                int p = part.extract(s);
                if (p < 0) {
                    return false;
                }
                x = BigDecimal.valueOf(p);
            } else {
                x = Numbers.parse(s);
                if (x == null) {
                    return false;
                }
            }
            int c = x.compareTo(bound);
            return switch (op) {
                case GT -> c > 0;
                case GTE -> c >= 0;
                case LT -> c < 0;
                case LTE -> c <= 0;
                case EQ -> c == 0;
            };
        }
    }

    /** {@code exists}: presence (true) or absence (false). */
    public static final class Exists extends FieldNode {
        private final boolean expected;

        public Exists(int field, boolean expected) {
            super(field);
            this.expected = expected;
        }

        @Override
        public boolean test(EventView v) {
            return v.present(field) == expected;
        }
    }

    /** {@code null} value: the field is absent. */
    public static final class Absent extends FieldNode {
        public Absent(int field) {
            super(field);
        }

        @Override
        public boolean test(EventView v) {
            return !v.present(field);
        }

        @Override
        public void explain(EventView v, Map<String, String> out) {
            out.putIfAbsent(v.fieldName(field), "(absent)");
        }
    }

    /** {@code fieldref}: compares the field with another field of the same event. */
    public static final class FieldRef extends FieldNode {
        private final int other;
        private final io.centinela.sigma.eval.LiteralKind kind;
        private final boolean cased;

        public FieldRef(int field, int other, LiteralKind kind, boolean cased) {
            super(field);
            this.other = other;
            this.kind = kind;
            this.cased = cased;
        }

        @Override
        public boolean test(EventView v) {
            String[] vals = cased ? v.values(field) : v.folded(field);
            for (int i = 0; i < vals.length; i++) {
                if (valueMatches(v, i)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        boolean valueMatches(EventView v, int i) {
            String a = (cased ? v.values(field) : v.folded(field))[i];
            for (String b : cased ? v.values(other) : v.folded(other)) {
                boolean ok = switch (kind) {
                    case EQUALS -> a.equals(b);
                    case CONTAINS -> a.contains(b);
                    case STARTS_WITH -> a.startsWith(b);
                    case ENDS_WITH -> a.endsWith(b);
                };
                if (ok) {
                    return true;
                }
            }
            return false;
        }
    }

    public static final class Not implements Node {
        private final Node child;

        public Not(Node child) {
            this.child = child;
        }

        @Override
        public boolean test(EventView v) {
            return !child.test(v);
        }
    }

    public static final class And implements Node {
        private final Node[] children;

        public And(List<Node> children) {
            this.children = children.toArray(new Node[0]);
        }

        @Override
        public boolean test(EventView v) {
            for (Node c : children) {
                if (!c.test(v)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void explain(EventView v, Map<String, String> out) {
            for (Node c : children) {
                c.explain(v, out);
            }
        }
    }

    public static final class Or implements Node {
        private final Node[] children;

        public Or(List<Node> children) {
            this.children = children.toArray(new Node[0]);
        }

        @Override
        public boolean test(EventView v) {
            for (Node c : children) {
                if (c.test(v)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void explain(EventView v, Map<String, String> out) {
            for (Node c : children) {
                if (c.test(v)) {
                    c.explain(v, out);
                }
            }
        }
    }

    /** At least {@code min} children true ({@code N of x}). */
    public static final class AtLeast implements Node {
        private final int min;
        private final Node[] children;

        public AtLeast(int min, List<Node> children) {
            this.min = min;
            this.children = children.toArray(new Node[0]);
        }

        @Override
        public boolean test(EventView v) {
            int n = 0;
            for (Node c : children) {
                if (c.test(v) && ++n >= min) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void explain(EventView v, Map<String, String> out) {
            for (Node c : children) {
                if (c.test(v)) {
                    c.explain(v, out);
                }
            }
        }
    }

    /** A named search (selection) inside a condition. */
    public static final class Search implements Node {
        private final String name;
        private final Node body;

        public Search(String name, Node body) {
            this.name = name;
            this.body = body;
        }

        public String name() {
            return name;
        }

        @Override
        public boolean test(EventView v) {
            return body.test(v);
        }

        @Override
        public void explain(EventView v, Map<String, String> out) {
            body.explain(v, out);
        }
    }

    public static final Node TRUE = v -> true;
}
