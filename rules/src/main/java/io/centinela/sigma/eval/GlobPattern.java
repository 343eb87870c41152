package io.centinela.sigma.eval;

import io.centinela.sigma.compile.SigmaString;

/**
 * A wildcard pattern ({@code *}, {@code ?}) matched against a whole value with the greedy two-pointer algorithm
 * (worst case O(n*m), no backtracking explosion). Case folding is the caller's choice.
 */
public final class GlobPattern {

    private static final int STAR = -1;
    private static final int QMARK = -2;

    private final int[] p;
    private final String text;

    public GlobPattern(SigmaString s, boolean fold) {
        java.util.List<Integer> codes = new java.util.ArrayList<>();
        for (Object part : s.parts()) {
            if (part == SigmaString.Wildcard.STAR) {
                codes.add(STAR);
            } else if (part == SigmaString.Wildcard.QMARK) {
                codes.add(QMARK);
            } else {
                String t = fold ? Lower.of((String) part) : (String) part;
                for (int i = 0; i < t.length(); i++) {
                    codes.add((int) t.charAt(i));
                }
            }
        }
        p = codes.stream().mapToInt(Integer::intValue).toArray();
        text = s.toString();
    }

    public boolean matches(String v) {
        int vi = 0, pi = 0, starP = -1, starV = 0;
        int n = v.length();
        while (vi < n) {
            if (pi < p.length && (p[pi] == QMARK || p[pi] == v.charAt(vi))) {
                vi++;
                pi++;
            } else if (pi < p.length && p[pi] == STAR) {
                starP = pi++;
                starV = vi;
            } else if (starP >= 0) {
                pi = starP + 1;
                vi = ++starV;
            } else {
                return false;
            }
        }
        while (pi < p.length && p[pi] == STAR) {
            pi++;
        }
        return pi == p.length;
    }

    @Override
    public String toString() {
        return text;
    }
}
