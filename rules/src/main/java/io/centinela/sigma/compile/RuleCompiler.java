package io.centinela.sigma.compile;

import io.centinela.sigma.condition.Condition;
import io.centinela.sigma.condition.ConditionParser;
import io.centinela.sigma.eval.CompiledRule;
import io.centinela.sigma.eval.LiteralTables;
import io.centinela.sigma.eval.Node;
import io.centinela.sigma.eval.Nodes;
import io.centinela.sigma.parse.Detection;
import io.centinela.sigma.parse.FieldItem;
import io.centinela.sigma.parse.SearchIdentifier;
import io.centinela.sigma.parse.SigmaFilter;
import io.centinela.sigma.parse.SigmaRule;
import io.centinela.sigma.parse.SigmaSyntaxException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compiles a parsed rule (plus the meta filters that name it) into a {@link CompiledRule}. */
public final class RuleCompiler {

    private final ValueCompiler values;

    public RuleCompiler(LiteralTables tables, Placeholders placeholders) {
        this.values = new ValueCompiler(tables, placeholders);
    }

    /**
     * @param renames field renames of the log-source variant (Sigma name -> event field name)
     * @param filters meta filters whose condition is AND'ed to the rule's
     */
    public CompiledRule compile(SigmaRule rule, Map<String, String> renames, List<SigmaFilter> filters)
            throws SigmaSyntaxException {
        List<Nodes.Search> positive = new ArrayList<>();
        String family = family(rule.logsource());
        Node condition = compileDetection(rule.detection(), renames, positive, "", family);
        if (!filters.isEmpty()) {
            List<Node> parts = new ArrayList<>();
            parts.add(condition);
            for (SigmaFilter f : filters) {
                try {
                    parts.add(compileDetection(f.detection(), renames, new ArrayList<>(), "filter:", family));
                } catch (SigmaSyntaxException e) {
                    throw new SigmaSyntaxException(e.line(), "filter '" + f.title() + "' (" + f.file() + "): " + e.reason());
                }
            }
            condition = new Nodes.And(parts);
        }
        return new CompiledRule(rule, condition, positive);
    }

    /** Checks that a filter compiles on its own (for load reports). */
    public void validate(SigmaFilter filter) throws SigmaSyntaxException {
        compileDetection(filter.detection(), Map.of(), new ArrayList<>(), "", family(filter.logsource()));
    }

    /** Rules of one product share literal automata; products never see each other's literals. */
    private static String family(io.centinela.sigma.parse.LogSource ls) {
        return ls.product() == null ? "" : ls.product();
    }

    private Node compileDetection(Detection d, Map<String, String> renames, List<Nodes.Search> positive, String prefix,
                                  String family) throws SigmaSyntaxException {
        Map<String, Nodes.Search> searches = new LinkedHashMap<>();
        for (SearchIdentifier s : d.searches().values()) {
            searches.put(s.name(), new Nodes.Search(prefix + s.name(), compileSearch(s, renames, family)));
        }
        List<String> names = List.copyOf(d.searches().keySet());
        List<Node> conds = new ArrayList<>();
        for (String text : d.conditions()) {
            Condition c;
            try {
                c = ConditionParser.parse(text, names);
            } catch (ConditionParser.ConditionException e) {
                throw new SigmaSyntaxException(d.conditionLine(), e.getMessage());
            }
            conds.add(toNode(c, searches, positive, false));
        }
        return conds.size() == 1 ? conds.get(0) : new Nodes.Or(conds);
    }

    private Node compileSearch(SearchIdentifier s, Map<String, String> renames, String family)
            throws SigmaSyntaxException {
        List<Node> alternatives = new ArrayList<>();
        for (List<FieldItem> items : s.alternatives()) {
            List<Node> and = new ArrayList<>();
            for (FieldItem item : items) {
                and.add(values.compile(item, renames, family));
            }
            alternatives.add(and.size() == 1 ? and.get(0) : new Nodes.And(and));
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new Nodes.Or(alternatives);
    }

    private static Node toNode(Condition c, Map<String, Nodes.Search> searches, List<Nodes.Search> positive,
                               boolean negated) {
        if (c instanceof Condition.Ref r) {
            Nodes.Search s = searches.get(r.name());
            if (!negated && !positive.contains(s)) {
                positive.add(s);
            }
            return s;
        }
        if (c instanceof Condition.Not n) {
            return new Nodes.Not(toNode(n.child(), searches, positive, !negated));
        }
        if (c instanceof Condition.And a) {
            return new Nodes.And(children(a.children(), searches, positive, negated));
        }
        if (c instanceof Condition.Or o) {
            return new Nodes.Or(children(o.children(), searches, positive, negated));
        }
        Condition.AtLeast al = (Condition.AtLeast) c;
        return new Nodes.AtLeast(al.min(), children(al.children(), searches, positive, negated));
    }

    private static List<Node> children(List<Condition> cs, Map<String, Nodes.Search> searches,
                                       List<Nodes.Search> positive, boolean negated) {
        List<Node> out = new ArrayList<>(cs.size());
        for (Condition c : cs) {
            out.add(toNode(c, searches, positive, negated));
        }
        return out;
    }
}
