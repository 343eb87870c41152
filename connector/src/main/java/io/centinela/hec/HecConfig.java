package io.centinela.hec;

import io.centinela.secret.Secret;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the HEC client. Built from the {@code hec.*} config keys (see docs/connector.md).
 *
 * @param uris          base URIs (scheme://host:port), used round-robin
 * @param maxBatchBytes cap on one request body before compression (Splunk Cloud rejects ~1 MB)
 * @param trustStore    optional JKS/PKCS12 trust store; {@code caPem} optional PEM CA bundle. TLS verification is
 *                      always on: the default trust store is the JVM's.
 */
public record HecConfig(List<URI> uris, Secret token, boolean gzip, int maxBatchEvents, int maxBatchBytes,
                        Duration requestTimeout, Duration connectTimeout, Duration backoffInitial,
                        Duration backoffMax, Duration healthCheckInterval, boolean ackEnabled, Duration ackPollInterval,
                        Duration ackTimeout, Path trustStore, Secret trustStorePassword, String trustStoreType,
                        Path caPem) {

    public HecConfig {
        uris = List.copyOf(uris);
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("at least one HEC URI is required");
        }
        Objects.requireNonNull(token, "token");
    }

    /** Defaults for everything but the URIs and the token. */
    public static HecConfig defaults(List<URI> uris, Secret token) {
        return new HecConfig(uris, token, true, 1000, 900_000, Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(5), false, Duration.ofSeconds(1),
                Duration.ofSeconds(300), null, null, null, null);
    }

    public HecConfig withAck(boolean on, Duration poll, Duration timeout) {
        return new HecConfig(uris, token, gzip, maxBatchEvents, maxBatchBytes, requestTimeout, connectTimeout,
                backoffInitial, backoffMax, healthCheckInterval, on, poll, timeout, trustStore, trustStorePassword,
                trustStoreType, caPem);
    }

    public HecConfig withTimeouts(Duration request, Duration backoffInit, Duration backoffMaximum) {
        return new HecConfig(uris, token, gzip, maxBatchEvents, maxBatchBytes, request, connectTimeout,
                backoffInit, backoffMaximum, healthCheckInterval, ackEnabled, ackPollInterval, ackTimeout, trustStore,
                trustStorePassword, trustStoreType, caPem);
    }

    public HecConfig withBatch(int events, int bytes, boolean compress) {
        return new HecConfig(uris, token, compress, events, bytes, requestTimeout, connectTimeout,
                backoffInitial, backoffMax, healthCheckInterval, ackEnabled, ackPollInterval, ackTimeout, trustStore,
                trustStorePassword, trustStoreType, caPem);
    }
}
