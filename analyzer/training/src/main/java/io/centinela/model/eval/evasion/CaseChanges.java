package io.centinela.model.eval.evasion;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.Random;

/**
 * Web: random upper/lower case in the parameter values ({@code UnIoN SeLeCt}, {@code <ScRiPt>}); SQL keywords,
 * HTML tags and URL schemes are case-insensitive, so the payload does the same.
 */
public final class CaseChanges implements Evasion {

    @Override
    public String name() {
        return "case changes";
    }

    @Override
    public String domain() {
        return "web";
    }

    @Override
    public Optional<ObjectNode> apply(ObjectNode event, Random rnd) {
        return WebParameters.editValues(event, v -> {
            StringBuilder sb = new StringBuilder(v.length());
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                sb.append(rnd.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
            }
            return WebParameters.encode(sb.toString());
        });
    }
}
