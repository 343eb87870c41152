package io.centinela.model.eval.evasion;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.model.train.CommandAugmenter;

import java.util.Optional;
import java.util.Random;

/**
 * Windows: the command line of a process start (Sysmon 1, Security 4688) obfuscated in one of
 * {@link CommandAugmenter#STYLES} (caret insertion, empty quotes, random case, environment variables), the
 * spellings cmd.exe resolves to the same command.
 */
public final class CommandLineObfuscation implements Evasion {

    private final int style;

    public CommandLineObfuscation(int style) {
        if (style < 0 || style >= CommandAugmenter.STYLES.size()) {
            throw new IllegalArgumentException("style must be 0-" + (CommandAugmenter.STYLES.size() - 1));
        }
        this.style = style;
    }

    @Override
    public String name() {
        return "cmd: " + CommandAugmenter.STYLES.get(style);
    }

    @Override
    public String domain() {
        return "windows";
    }

    @Override
    public Optional<ObjectNode> apply(ObjectNode event, Random rnd) {
        String eid = event.path("EventID").asText("");
        if (!eid.equals("1") && !eid.equals("4688")) {
            return Optional.empty();
        }
        return JsonText.editFields(event, cmd -> CommandAugmenter.obfuscate(cmd, rnd, style), "CommandLine");
    }
}
