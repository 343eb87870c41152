package io.centinela.model.eval.evasion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.Random;

/**
 * E-mail: every link replaced by a link of a public URL shortener (the reader lands on the same page, the mail
 * no longer names the phishing host), in {@code email.urls} and in the body text.
 */
public final class UrlShortener implements Evasion {

    private static final String[] SHORTENERS = {"bit.ly", "tinyurl.com", "t.co", "is.gd", "rb.gy"};
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    @Override
    public String name() {
        return "URL shortener";
    }

    @Override
    public String domain() {
        return "email";
    }

    @Override
    public Optional<ObjectNode> apply(ObjectNode event, Random rnd) {
        ObjectNode copy = event.deepCopy();
        JsonNode urls = copy.path("email").path("urls");
        if (!urls.isArray() || urls.isEmpty()) {
            return Optional.empty();
        }
        String shortener = SHORTENERS[rnd.nextInt(SHORTENERS.length)];
        ArrayNode out = ((ObjectNode) copy.get("email")).putArray("urls");
        String body = JsonText.get(copy, "email.body_text");
        for (JsonNode u : urls) {
            String original = u.isTextual() ? u.asText() : u.path("original").asText("");
            StringBuilder code = new StringBuilder();
            for (int i = 0; i < 7; i++) {
                code.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
            }
            String shortUrl = "https://" + shortener + "/" + code;
            out.add(shortUrl);
            if (!original.isEmpty() && !body.isEmpty()) {
                body = body.replace(original, shortUrl);
            }
        }
        if (!body.isEmpty()) {
            JsonText.set(copy, "email.body_text", body);
        }
        return copy.equals(event) ? Optional.empty() : Optional.of(copy);
    }
}
