package io.centinela.kafka;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.server.policy.AlterConfigPolicy;

import java.util.Map;

/**
 * Broker-side policy for tests ({@code alter.config.policy.class.name}): {@code max.message.bytes} of topics named
 * {@code locked-*.dlq} cannot be set, as on a cluster where the connector lacks the AlterConfigs right. The broker
 * instantiates it by name; it has no state.
 */
public final class LockedDlqPolicy implements AlterConfigPolicy {

    static final String PREFIX = "locked-";

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void validate(RequestMetadata request) throws PolicyViolationException {
        ConfigResource r = request.resource();
        if (r.type() == ConfigResource.Type.TOPIC && r.name().startsWith(PREFIX) && r.name().endsWith(".dlq")
                && request.configs().containsKey(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)) {
            throw new PolicyViolationException("max.message.bytes of " + r.name() + " is managed by the platform team");
        }
    }

    @Override
    public void close() {
    }
}
