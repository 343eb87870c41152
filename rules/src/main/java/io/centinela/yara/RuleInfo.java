package io.centinela.yara;

import java.util.List;
import java.util.Map;

/**
 * What the binding knows about one compiled rule, read once from its YR_RULE and cached: the compiled rules are
 * immutable, so the per-match cost is only the match list walk.
 */
public record RuleInfo(String identifier, String namespace, List<String> tags, Map<String, Object> meta,
                       String author, List<StringDef> strings) {

    /** One string of the rule: its identifier, its index into the scan context's match table, private or not. */
    public record StringDef(String identifier, int idx, boolean isPrivate) {
    }
}
