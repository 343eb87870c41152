package io.centinela.model.train;

/**
 * One labelled event, rendered: {@code label} 1 = malicious. {@code domain} is the data folder (email, web,
 * windows); {@code group} is a finer slice for reports (Windows event kind, web category).
 */
public record Example(String id, String domain, String category, String group, String source, int label, String text) {
}
