package io.centinela.model.eval.evasion;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.Random;

/**
 * E-mail: invisible characters (zero-width space, zero-width non-joiner, soft hyphen, word joiner) inside the
 * words of the subject and body: invisible to the reader, they split every word for a tokenizer.
 */
public final class ZeroWidthCharacters implements Evasion {

    private static final char[] INVISIBLE = {'\u200b', '\u200c', '\u00ad', '\u2060'};

    @Override
    public String name() {
        return "zero-width characters";
    }

    @Override
    public String domain() {
        return "email";
    }

    @Override
    public Optional<ObjectNode> apply(ObjectNode event, Random rnd) {
        return JsonText.editFields(event, s -> {
            StringBuilder sb = new StringBuilder(s.length() * 2);
            boolean[] entity = JsonText.insideEntities(s);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                sb.append(c);
                if (!entity[i] && Character.isLetter(c) && rnd.nextDouble() < 0.3) {
                    sb.append(INVISIBLE[rnd.nextInt(INVISIBLE.length)]);
                }
            }
            return sb.toString();
        }, "email.subject", "email.body_text");
    }
}
