package io.centinela.model.eval.evasion;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.Random;

/**
 * E-mail: letters of the subject and body written as HTML character references ({@code &#112;}, {@code &#x61;},
 * {@code &amp;}), which a mail client displays as the letters.
 */
public final class HtmlEntities implements Evasion {

    @Override
    public String name() {
        return "HTML entities";
    }

    @Override
    public String domain() {
        return "email";
    }

    @Override
    public Optional<ObjectNode> apply(ObjectNode event, Random rnd) {
        return JsonText.editFields(event, s -> {
            StringBuilder sb = new StringBuilder(s.length() * 3);
            boolean[] entity = JsonText.insideEntities(s);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (entity[i]) {
                    sb.append(c); // an existing reference stays as it is
                } else if (c == '&') {
                    sb.append("&amp;");
                } else if (Character.isLetter(c) && rnd.nextDouble() < 0.3) {
                    sb.append(rnd.nextBoolean() ? "&#" + (int) c + ";" : "&#x" + Integer.toHexString(c) + ";");
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }, "email.subject", "email.body_text");
    }
}
