package io.centinela.model.eval.evasion;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Web: the spaces of SQL in parameter values replaced by inline comments ({@code ' OR 1=1} ->
 * {@code '/**}{@code /OR/**}{@code /1=1}), which a SQL parser reads as whitespace. Applies only to values that
 * contain an SQL keyword and a space.
 */
public final class SqlComments implements Evasion {

    private static final Pattern SQL = Pattern.compile(
            "(?i)\\b(select|union|insert|update|delete|drop|from|where|and|or|exec|order by|having)\\b");

    @Override
    public String name() {
        return "SQL comments";
    }

    @Override
    public String domain() {
        return "web";
    }

    @Override
    public Optional<ObjectNode> apply(ObjectNode event, Random rnd) {
        return WebParameters.editValues(event, v -> v.indexOf(' ') >= 0 && SQL.matcher(v).find()
                ? WebParameters.encode(v.replace(" ", "/**/")) : null);
    }
}
