package io.centinela.model.eval.evasion;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.Random;

/**
 * Web: HTTP parameter pollution, every parameter repeated with a harmless value after it
 * ({@code id=<payload>&id=1}); servlet containers return the first value, so the application still reads the
 * payload, while the request now looks like a batch of ordinary values.
 */
public final class ParameterPollution implements Evasion {

    private static final String[] HARMLESS = {"1", "2", "en", "true", "ok"};

    @Override
    public String name() {
        return "parameter pollution";
    }

    @Override
    public String domain() {
        return "web";
    }

    @Override
    public Optional<ObjectNode> apply(ObjectNode event, Random rnd) {
        return WebParameters.editStrings(event, s -> {
            StringBuilder sb = new StringBuilder(s.length() * 2);
            for (String p : s.split("&", -1)) {
                if (sb.length() > 0) {
                    sb.append('&');
                }
                sb.append(p);
                int eq = p.indexOf('=');
                if (eq > 0) {
                    sb.append('&').append(p, 0, eq + 1).append(HARMLESS[rnd.nextInt(HARMLESS.length)]);
                }
            }
            return sb.toString();
        });
    }
}
