package io.centinela.hec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.centinela.hec.HecCode.Action.BAD_DATA;
import static io.centinela.hec.HecCode.Action.FATAL_CONFIG;
import static io.centinela.hec.HecCode.Action.RETRY;
import static io.centinela.hec.HecCode.Action.SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Classification of HEC replies: every code of ../shared/docs/splunk.md with its status, and what is not HEC. */
class HecResponseTest {

    private static HecResponse hec(int status, int code) {
        return HecResponse.parse(status, "{\"text\":\"t\",\"code\":" + code + "}");
    }

    /** Expected actions written from the table in splunk.md, independently of HecCode. */
    @ParameterizedTest(name = "code {0} with HTTP {1} -> {2}")
    @CsvSource({
            "0, 200, SUCCESS",
            "1, 403, FATAL_CONFIG", "2, 401, FATAL_CONFIG", "3, 401, FATAL_CONFIG", "4, 403, FATAL_CONFIG",
            "5, 400, BAD_DATA", "6, 400, BAD_DATA",
            "7, 400, FATAL_CONFIG",
            "8, 500, RETRY", "9, 503, RETRY",
            "10, 400, FATAL_CONFIG", "11, 400, FATAL_CONFIG",
            "12, 400, BAD_DATA", "13, 400, BAD_DATA",
            "14, 400, FATAL_CONFIG",
            "15, 400, BAD_DATA",
            "16, 400, FATAL_CONFIG",
            "17, 200, FATAL_CONFIG", // the /health answer is no delivery of an event request
            "18, 503, RETRY", "19, 503, RETRY", "20, 503, RETRY",
    })
    void everyDocumentedCodeIsClassified(int code, int status, HecCode.Action expected) {
        HecResponse r = hec(status, code);
        assertEquals(expected, r.action(), r.describe());
        assertEquals(expected == SUCCESS, r.success());
        assertEquals(expected == RETRY, r.retriable());
        assertEquals(expected == FATAL_CONFIG, r.fatal());
        assertEquals(expected == BAD_DATA, r.badData());
        if (expected == FATAL_CONFIG) {
            assertEquals(code, r.fatalCode());
        }
    }

    @Test
    void fatalCodesNameTheSettingToFix() {
        assertTrue(hec(403, 1).fatalReason().contains("Token disabled") || hec(403, 1).fatalReason().contains("hec.token"));
        assertTrue(hec(401, 3).fatalReason().contains("hec.token"));
        assertTrue(hec(400, 7).fatalReason().contains("hec.index"));
        assertTrue(hec(400, 10).fatalReason().contains("hec.ack.enabled"));
        assertTrue(hec(404, 404).fatalReason().contains("hec.urls"));
        assertTrue(hec(415, 415).fatalReason().contains("hec.gzip"));
    }

    @Test
    void successWithAckIdIsSuccessAndCarriesTheId() {
        HecResponse r = HecResponse.parse(200, "{\"text\":\"Success\",\"code\":0,\"ackId\":7}");
        assertTrue(r.success());
        assertEquals(7, r.ackId());
    }

    @Test
    void code6CarriesTheInvalidEventNumber() {
        HecResponse r = HecResponse.parse(400, "{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":3}");
        assertTrue(r.badData());
        assertEquals(3, r.invalidEventNumber());
    }

    /** The bug of issue 12 item 1: a 200 that is not a HEC reply counted as delivered. */
    @ParameterizedTest(name = "200 ''{0}'' is not success")
    @ValueSource(strings = {
            "<html><head><title>Sign in</title></head><body>Please log in to continue</body></html>",
            "",
            "OK",
            "{\"status\":\"ok\"}",
            "{\"text\":\"Success\",\"code\":\"0\"}",
            "{\"text\":\"Success\",\"code\":0.0}",
            "[{\"code\":0}]",
    })
    void a200ThatIsNotHecIsFatalNeverSuccess(String body) {
        HecResponse r = HecResponse.parse(200, body);
        assertFalse(r.success());
        assertEquals(FATAL_CONFIG, r.action());
        assertEquals(-200, r.fatalCode());
        assertTrue(r.fatalReason().contains("does not answer like HEC"), r.fatalReason());
    }

    @Test
    void code0WithAStatusOtherThan200IsNotSuccess() {
        assertEquals(FATAL_CONFIG, hec(201, 0).action());
        assertEquals(FATAL_CONFIG, hec(204, 0).action());
    }

    /** The bug of issue 12 item 2: a 3xx was bad data, so every alert was dead-lettered. */
    @ParameterizedTest
    @ValueSource(ints = {300, 301, 302, 303, 307, 308})
    void redirectsAreFatalAndNameTheTarget(int status) {
        HecResponse r = HecResponse.parse(status, "<html>Moved</html>", "https://login.corp.example/sso?next=/x");
        assertEquals(FATAL_CONFIG, r.action());
        assertFalse(r.badData());
        assertEquals(-status, r.fatalCode());
        assertTrue(r.fatalReason().contains("https://login.corp.example/sso"), r.fatalReason());
        assertTrue(r.fatalReason().contains("never followed"), r.fatalReason());
        // even a redirect whose body looks like HEC success is not one
        assertEquals(FATAL_CONFIG, HecResponse.parse(status, "{\"text\":\"Success\",\"code\":0}", null).action());
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 429, 408})
    void gatewayAndThrottlingAnswersWithoutHecBodyAreRetried(int status) {
        assertEquals(RETRY, HecResponse.parse(status, "<html>502 Bad Gateway</html>").action());
        assertEquals(RETRY, HecResponse.parse(status, "").action());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 407, 410, 415, 422})
    void fourXxWithoutHecCodeIsFatalNotBadData(int status) {
        // a proxy's "400 plain HTTP sent to HTTPS port" must not dead-letter every alert
        HecResponse r = HecResponse.parse(status, "<html>" + status + "</html>");
        assertEquals(FATAL_CONFIG, r.action());
        assertEquals(-status, r.fatalCode());
    }

    @Test
    void status413IsTooLargeForTheClientToSplit() {
        assertEquals(BAD_DATA, HecResponse.parse(413, "{\"text\":\"Content-Length too large\",\"code\":413}").action());
        assertEquals(BAD_DATA, HecResponse.parse(413, "<html>Request Entity Too Large</html>").action());
    }

    @Test
    void aPageIsCutToOneShortLine() {
        String page = "<html>\n<body>\n" + "x".repeat(10_000) + "\n</body></html>";
        HecResponse r = HecResponse.parse(200, page);
        assertFalse(r.text().contains("\n"));
        assertTrue(r.text().length() <= 163, "excerpt length " + r.text().length());
        assertTrue(r.fatalReason().length() < 400);
    }
}
