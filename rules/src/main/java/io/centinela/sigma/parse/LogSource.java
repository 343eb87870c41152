package io.centinela.sigma.parse;

/** A rule's {@code logsource}: product, category, service (each may be null), lower-cased. */
public record LogSource(String product, String category, String service) {

    public static final LogSource ANY = new LogSource(null, null, null);

    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (product != null) sb.append("product=").append(product).append(' ');
        if (category != null) sb.append("category=").append(category).append(' ');
        if (service != null) sb.append("service=").append(service).append(' ');
        return sb.length() == 0 ? "(any)" : sb.toString().trim();
    }
}
