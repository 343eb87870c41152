package io.centinela.text;

import java.util.Arrays;

/**
 * The version of the event-to-text rendering a model package was trained with (its {@code textRendering} in
 * config.json). Serving must render exactly as training did, so a package keeps its version for life: old
 * packages keep {@link #V1} and score as they always did; new packages are trained and served with {@link #LATEST}.
 */
public enum TextRendering {

    /** Masking only (the rendering of packages 1.x and 2.0.0). */
    V1("centinela-event-text-v1"),
    /**
     * V1 plus {@link TextNormalizer}: folds what an attacker can vary without changing the meaning (Unicode
     * compatibility forms and confusables, invisible characters, HTML entities, repeated URL encoding, SQL
     * comments, cmd.exe carets and empty quotes) before masking.
     */
    V2("centinela-event-text-v2");

    /** The rendering new packages are trained with. */
    public static final TextRendering LATEST = V2;

    private final String id;

    TextRendering(String id) {
        this.id = id;
    }

    /** The name stored in a package's config.json. */
    public String id() {
        return id;
    }

    /** The rendering a package names; a package without one predates versioning and is V1. */
    public static TextRendering of(String id) {
        if (id == null || id.isBlank()) {
            return V1;
        }
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown text rendering '" + id + "' (known: "
                        + Arrays.stream(values()).map(TextRendering::id).toList() + "); a newer Centinela made this package"));
    }
}
