package io.centinela.model.eval.evasion;

import java.util.List;

/** The evasion suite of {@code eval --evasion}: every technique, in report order. */
public final class Evasions {

    private Evasions() {
    }

    public static List<Evasion> all() {
        return List.of(new BenignPadding(), new Homoglyphs(), new ZeroWidthCharacters(), new HtmlEntities(),
                new UrlShortener(), new DoubleUrlEncoding(), new CaseChanges(), new SqlComments(),
                new ParameterPollution(), new CommandLineObfuscation(0), new CommandLineObfuscation(1),
                new CommandLineObfuscation(2), new CommandLineObfuscation(3));
    }
}
