package io.centinela.model.eval.evasion;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * E-mail: Latin letters of the subject and body replaced by Cyrillic look-alikes ({@code а е о р с х у і}), which
 * render the same to the reader but are different characters to a tokenizer.
 */
public final class Homoglyphs implements Evasion {

    static final Map<Character, Character> LOOK_ALIKES = Map.of('a', '\u0430', 'e', '\u0435', 'o', '\u043e',
            'p', '\u0440', 'c', '\u0441', 'x', '\u0445', 'y', '\u0443', 'i', '\u0456', 'A', '\u0410', 'O', '\u041e');

    @Override
    public String name() {
        return "homoglyphs";
    }

    @Override
    public String domain() {
        return "email";
    }

    @Override
    public Optional<ObjectNode> apply(ObjectNode event, Random rnd) {
        return JsonText.editFields(event, s -> {
            StringBuilder sb = new StringBuilder(s.length());
            boolean[] entity = JsonText.insideEntities(s);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                Character g = entity[i] ? null : LOOK_ALIKES.get(c);
                sb.append(g != null && rnd.nextDouble() < 0.5 ? g : c);
            }
            return sb.toString();
        }, "email.subject", "email.body_text");
    }
}
