package io.centinela.kafka;

import io.centinela.config.ConfigException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The dead-letter sizing rule, applied at start: each {@code <topic><suffix>} takes every record its source topic
 * can carry, i.e. its {@code max.message.bytes} is at least the source topic's (read with the Admin client, so
 * broker defaults count). A missing dead-letter topic is created with the source's limit plus {@link #HEADROOM_BYTES}
 * (room for the error headers the copy adds); a smaller one is raised to that. When the connector cannot do either
 * (no CreateTopics/AlterConfigs right, a broker policy), the start fails with one line per topic naming it, both
 * sizes and the fix ({@link ConfigException}: exit code 2), unless {@code kafka.dlq.undersized} is {@code truncate}:
 * then it warns, and records the topic refuses are dead-lettered as truncated copies ({@link DeadLetterWriter}).
 *
 * <p>Stateless; called once by the thread that runs {@link ConnectorService#preflight()}.
 */
final class DeadLetterTopics {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterTopics.class);

    /** Added to the source topic's limit when the connector sets a dead-letter topic's: the error headers' room. */
    static final int HEADROOM_BYTES = 64 << 10;
    private static final String LIMIT = TopicConfig.MAX_MESSAGE_BYTES_CONFIG;

    private DeadLetterTopics() {
    }

    /**
     * @param existing the topics on the cluster now
     * @param truncate {@code kafka.dlq.undersized: truncate}: warn instead of failing when a topic cannot be sized
     */
    static void ensure(Admin admin, Collection<String> sources, String suffix, Set<String> existing, boolean truncate,
                       long timeoutMs) {
        Map<String, Integer> sourceLimits = limits(admin, sources, timeoutMs, "topic");
        List<String> problems = new ArrayList<>();

        Map<String, NewTopic> create = new LinkedHashMap<>();
        List<String> present = new ArrayList<>();
        for (String source : sources) {
            String dlq = source + suffix;
            if (existing.contains(dlq)) {
                present.add(source);
            } else {
                create.put(source, new NewTopic(dlq, Optional.empty(), Optional.empty())
                        .configs(Map.of(LIMIT, String.valueOf(target(sourceLimits.get(source))))));
            }
        }
        if (!create.isEmpty()) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(create.values()).values();
            create.forEach((source, topic) -> {
                Throwable err = outcome(results.get(topic.name()), timeoutMs);
                if (err instanceof TopicExistsException) {
                    present.add(source); // created meanwhile by someone else: check it like any existing one
                } else if (err != null) {
                    problems.add("cannot create dead-letter topic " + topic.name() + " (" + describe(err)
                            + "): create it with " + LIMIT + " >= " + sourceLimits.get(source)
                            + ", the limit of its source topic " + source);
                } else {
                    LOG.info("created dead-letter topic {} with {}={} (source topic {}: {})", topic.name(), LIMIT,
                            target(sourceLimits.get(source)), source, sourceLimits.get(source));
                }
            });
        }

        if (!present.isEmpty()) {
            Map<String, Integer> dlqLimits = limits(admin, present.stream().map(s -> s + suffix).toList(), timeoutMs,
                    "dead-letter topic");
            for (String source : present) {
                String dlq = source + suffix;
                int have = dlqLimits.get(dlq);
                int need = sourceLimits.get(source);
                if (have >= need) {
                    continue;
                }
                ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, dlq);
                AlterConfigOp raise = new AlterConfigOp(new ConfigEntry(LIMIT, String.valueOf(target(need))),
                        AlterConfigOp.OpType.SET);
                Throwable err = outcome(admin.incrementalAlterConfigs(Map.of(res, List.of(raise))).all(), timeoutMs);
                if (err == null) {
                    LOG.info("raised {} of dead-letter topic {} from {} to {} (source topic {}: {})", LIMIT, dlq, have,
                            target(need), source, need);
                } else {
                    problems.add("dead-letter topic " + dlq + " takes records up to " + have + " bytes but its source "
                            + "topic " + source + " up to " + need + ", and the connector cannot raise it ("
                            + describe(err) + "): run kafka-configs.sh --alter --entity-type topics --entity-name " + dlq
                            + " --add-config " + LIMIT + "=" + target(need));
                }
            }
        }

        for (String source : sources) {
            if (target(sourceLimits.get(source)) > DeadLetterWriter.MAX_REQUEST_BYTES) {
                LOG.warn("topic {} takes records up to {} bytes; the dead-letter producer sends at most {}, so larger "
                        + "records are dead-lettered as truncated copies", source, sourceLimits.get(source),
                        DeadLetterWriter.MAX_REQUEST_BYTES);
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        if (!truncate) {
            throw new ConfigException(problems.stream()
                    .map(p -> p + " (or set kafka.dlq.undersized: truncate to accept truncated copies of larger "
                            + "records)")
                    .toList());
        }
        for (String p : problems) {
            LOG.warn("{}; kafka.dlq.undersized is truncate: records it refuses are dead-lettered as truncated copies "
                    + "(first {} bytes, with their SHA-256 and size)", p, DeadLetterWriter.TRUNCATED_BYTES);
        }
    }

    /** The limit the connector sets: the source's plus the headroom, saturating. */
    static int target(int sourceLimit) {
        return (int) Math.min(Integer.MAX_VALUE, (long) sourceLimit + HEADROOM_BYTES);
    }

    /** {@code max.message.bytes} of each topic, effective value (a topic override or the broker's default). */
    private static Map<String, Integer> limits(Admin admin, Collection<String> topics, long timeoutMs, String what) {
        List<ConfigResource> res = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs;
        try {
            configs = admin.describeConfigs(res).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while reading the configuration of " + topics);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable c = e instanceof ExecutionException ? e.getCause() : e;
            throw new ConfigException("cannot read " + LIMIT + " of " + what + "(s) " + topics + " (" + describe(c)
                    + "): the connector needs DescribeConfigs on its topics and their dead-letter topics");
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (ConfigResource r : res) {
            ConfigEntry e = configs.get(r) == null ? null : configs.get(r).get(LIMIT);
            if (e == null || e.value() == null) {
                throw new ConfigException("the broker reports no " + LIMIT + " for " + what + " " + r.name());
            }
            out.put(r.name(), Integer.parseInt(e.value()));
        }
        return out;
    }

    /** The failure of an admin call, or null when it succeeded. */
    private static Throwable outcome(KafkaFuture<Void> f, long timeoutMs) {
        try {
            f.get(timeoutMs, TimeUnit.MILLISECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return e;
        }
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.replace('\n', ' '));
    }
}
