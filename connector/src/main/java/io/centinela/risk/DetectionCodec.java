package io.centinela.risk;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.centinela.alert.Alert;
import io.centinela.alert.AlertJson;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.io.IOException;

/**
 * JSON of the internal topics: detections (snake_case, nulls left out, unknown fields ignored so a newer publisher
 * can add fields) and alerts (the one alert mapping, {@link AlertJson}). A record that cannot be read is a
 * {@link SerializationException}: the topology's deserialization handler logs it and skips it.
 */
public final class DetectionCodec {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final ObjectMapper ALERTS = AlertJson.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DetectionCodec() {
    }

    public static byte[] encode(Detection d) {
        try {
            return JSON.writeValueAsBytes(d);
        } catch (IOException e) {
            throw new SerializationException("cannot write detection " + d.alertId(), e);
        }
    }

    public static Detection decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, Detection.class);
        } catch (IOException e) {
            throw new SerializationException("not a detection record: " + e.getMessage(), e);
        }
    }

    public static Alert decodeAlert(byte[] bytes) {
        try {
            return ALERTS.readValue(bytes, Alert.class);
        } catch (IOException e) {
            throw new SerializationException("not an alert record: " + e.getMessage(), e);
        }
    }

    static Serde<Detection> detectionSerde() {
        return Serdes.serdeFrom((topic, d) -> d == null ? null : encode(d),
                (topic, b) -> b == null ? null : decode(b));
    }

    static Serde<Alert> alertSerde() {
        return Serdes.serdeFrom((topic, a) -> {
            try {
                return a == null ? null : AlertJson.mapper().writeValueAsBytes(a);
            } catch (IOException e) {
                throw new SerializationException("cannot write alert", e);
            }
        }, (topic, b) -> b == null ? null : decodeAlert(b));
    }
}
