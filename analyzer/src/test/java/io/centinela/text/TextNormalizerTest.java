package io.centinela.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Rendering v2 folds the spellings an attacker can vary; v1 (packages up to 2.0.0) renders as it always did. */
class TextNormalizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String render(String json, TextRendering r) throws Exception {
        JsonNode raw = JSON.readTree(json);
        return EventText.render(raw, null, r).text();
    }

    private static String mail(String subject, String body) throws Exception {
        return JSON.createObjectNode().set("email", JSON.createObjectNode().put("subject", subject)
                .put("body_text", body)).toString();
    }

    private static String web(String query) throws Exception {
        return JSON.readTree("{\"http\":{\"request\":{\"method\":\"GET\"}},\"url\":{\"path\":\"/shop/item.jsp\"}}")
                .withObject("/url").put("query", query).toString().transform(s -> "{\"http\":{\"request\":{\"method\":\"GET\"}},\"url\":" + s + "}");
    }

    @Test
    void foldsEntitiesInvisibleCharactersAndLookAlikesInMail() throws Exception {
        String plain = render(mail("Verify your account", "Your password expires today, click here"), TextRendering.V2);
        String evasive = mail("V\u0435r\u200bify y\u043eur &#97;ccount",
                "Y&#x6f;ur pa\u00adssword \u0435xpir\u0435s today, cl\u0456ck h\u2060ere");
        assertEquals(plain, render(evasive, TextRendering.V2));
        assertNotEquals(plain, render(evasive, TextRendering.V1), "v1 must keep its old behaviour");
        assertEquals("subject: Ｖerify".replace("Ｖ", "V"), TextNormalizer.text("subject: Ｖerify"), "NFKC full-width");
    }

    @Test
    void leavesGenuinelyCyrillicWordsAlone() {
        assertEquals("Привет мир", TextNormalizer.text("Привет мир"));
        assertEquals("paypal", TextNormalizer.text("\u0440\u0430ур\u0430l"));
    }

    @Test
    void foldsDoubleEncodingSqlCommentsAndRepeatedParameters() throws Exception {
        String plain = render(web("id=2&B1=%27+AND+%271%27%3D%271"), TextRendering.V2);
        assertEquals(plain, render(web("id=2&B1=%2527%2BAND%2B%25271%2527%253D%25271"), TextRendering.V2));
        assertEquals(plain, render(web("id=2&B1=%27%2F**%2FAND%2F**%2F%271%27%3D%271"), TextRendering.V2));
        assertEquals(render(web("id=2,1&B1=%27+AND+%271%27%3D%271,ok"), TextRendering.V2),
                render(web("id=2&id=1&B1=%27+AND+%271%27%3D%271&B1=ok"), TextRendering.V2));
        assertNotEquals(render(web("id=2&B1=%2527%2BAND"), TextRendering.V1), render(web("id=2&B1=%27+AND"), TextRendering.V1));
        assertEquals("a=%zz", TextNormalizer.url("a=%zz"), "malformed escapes are kept");
    }

    @Test
    void foldsCaretsAndEmptyQuotesInCommandLines() throws Exception {
        String plain = "{\"EventID\":\"1\",\"Image\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\",\"CommandLine\":\"cmd /c whoami /all\"}";
        String obf = "{\"EventID\":\"1\",\"Image\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\",\"CommandLine\":\"c^m^d /c wh\\\"\\\"oa^mi /all\"}";
        assertEquals(render(plain, TextRendering.V2), render(obf, TextRendering.V2));
        assertNotEquals(render(plain, TextRendering.V1), render(obf, TextRendering.V1));
    }

    @Test
    void renderingVersionsByName() {
        assertEquals(TextRendering.V1, TextRendering.of("centinela-event-text-v1"));
        assertEquals(TextRendering.V1, TextRendering.of(null), "packages without a rendering predate v2");
        assertEquals(TextRendering.V2, TextRendering.of("centinela-event-text-v2"));
        assertThrows(IllegalArgumentException.class, () -> TextRendering.of("centinela-event-text-v9"));
    }
}
