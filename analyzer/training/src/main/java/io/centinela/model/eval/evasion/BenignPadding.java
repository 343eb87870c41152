package io.centinela.model.eval.evasion;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * E-mail: benign words added to the subject (a harmless suffix) and a benign paragraph put before the body, the
 * "good word" attack against text classifiers; the lure and its links are unchanged.
 */
public final class BenignPadding implements Evasion {

    private static final List<String> SUBJECT_SUFFIXES = List.of(" - team lunch on Friday",
            " (minutes of the weekly meeting)", " | newsletter: holiday schedule", " - re: project status update");
    private static final List<String> PARAGRAPHS = List.of(
            "Hi team, thanks for the productive meeting yesterday. The agenda for next week and the minutes are "
                    + "attached to the calendar invite. Please review the project plan before Thursday.",
            "Good morning, a reminder that the office will be closed on Monday for the holiday. The cafeteria "
                    + "menu and the parking schedule for next month are on the intranet as usual.",
            "Hello, please find the quarterly newsletter below. Congratulations to everyone who joined the "
                    + "volunteering day, and welcome to our new colleagues in the finance department.");

    @Override
    public String name() {
        return "benign padding";
    }

    @Override
    public String domain() {
        return "email";
    }

    @Override
    public Optional<ObjectNode> apply(ObjectNode event, Random rnd) {
        ObjectNode copy = event.deepCopy();
        if (!copy.path("email").isObject()) {
            return Optional.empty();
        }
        String subject = JsonText.get(copy, "email.subject");
        String body = JsonText.get(copy, "email.body_text");
        JsonText.set(copy, "email.subject", subject + SUBJECT_SUFFIXES.get(rnd.nextInt(SUBJECT_SUFFIXES.size())));
        JsonText.set(copy, "email.body_text", PARAGRAPHS.get(rnd.nextInt(PARAGRAPHS.size())) + "\n\n" + body);
        return Optional.of(copy);
    }
}
