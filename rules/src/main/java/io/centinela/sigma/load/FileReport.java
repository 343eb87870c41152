package io.centinela.sigma.load;

/**
 * The outcome of one document of a rule file: loaded or rejected, with the line and reason of a rejection.
 * {@code kind} is rule, filter or correlation ("file" when the YAML itself could not be read).
 */
public record FileReport(String file, int document, String kind, String id, String title, boolean loaded, int line,
                         String reason) {

    public String describe() {
        if (loaded) {
            return "loaded   " + file + (document > 0 ? " #" + (document + 1) : "") + " [" + kind + "] " + title;
        }
        return "REJECTED " + file + (line > 0 ? ":" + line : "") + " [" + kind + "] " + reason;
    }
}
