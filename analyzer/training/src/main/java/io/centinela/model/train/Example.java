package io.centinela.model.train;

import java.util.Map;

/**
 * One labelled event, rendered: {@code label} 1 = malicious. {@code domain} is the data folder (email, web,
 * windows); {@code group} is a finer slice for reports (Windows event kind, web category). {@code slices} holds
 * provenance used only to slice evaluation reports ({@code priority}, {@code label basis} from the data's
 * {@code meta}); it never reaches the model's text.
 */
public record Example(String id, String domain, String category, String group, String source, int label, String text,
                      Map<String, String> slices) {

    public Example {
        slices = slices == null ? Map.of() : Map.copyOf(slices);
    }

    public Example(String id, String domain, String category, String group, String source, int label, String text) {
        this(id, domain, category, group, source, label, text, Map.of());
    }
}
