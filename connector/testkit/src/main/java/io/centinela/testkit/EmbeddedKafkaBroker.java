package io.centinela.testkit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node KRaft broker (broker + controller) in this JVM, for the demo and the tests.
 *
 * <p>Uses Kafka's internal {@code StorageTool} and {@code KafkaRaftServer}: they are kept behind this one class.
 * {@link #stop()} then {@link #start()} restarts on the same ports and log directory (broker-restart tests).
 * Topics are created through {@link #createTopics} which waits until every partition leader answers ListOffsets,
 * because of KAFKA-15591 (an idempotent producer writing to a just-created partition can lose a batch).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final Path logDir;
    private final boolean ownsLogDir;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private final Map<String, String> overrides;
    private KafkaRaftServer server;
    private boolean formatted;

    public EmbeddedKafkaBroker() {
        this(null);
    }

    /** @param logDir where the log lives; null = a temp directory deleted on close */
    public EmbeddedKafkaBroker(Path logDir) {
        this(logDir, Map.of());
    }

    /**
     * @param logDir where the log lives; null = a temp directory deleted on close
     * @param overrides broker settings on top of the defaults (e.g. a policy class a test needs)
     */
    public EmbeddedKafkaBroker(Path logDir, Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
        try {
            this.ownsLogDir = logDir == null;
            this.logDir = logDir == null ? Files.createTempDirectory("centinela-kafka-") : logDir;
            this.brokerPort = freePort();
            this.controllerPort = freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        Properties p = serverProperties();
        try {
            if (!formatted) {
                format(p);
                formatted = true;
            }
            // Reflection: KafkaConfig's super types live in runtime-scope jars of kafka_2.13.
            Object cfg = KafkaConfig.class.getMethod("fromProps", Properties.class, boolean.class)
                    .invoke(null, p, false);
            KafkaRaftServer s = (KafkaRaftServer) KafkaRaftServer.class.getConstructor(KafkaConfig.class, Time.class)
                    .newInstance(cfg, Time.SYSTEM);
            s.startup();
            server = s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            Throwable c = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalStateException("cannot start the embedded Kafka broker: " + c, c);
        }
        awaitReady();
        return this;
    }

    /** Stops the broker, keeping its log: {@link #start()} brings it back with the same data and ports. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    public synchronized boolean running() {
        return server != null;
    }

    @Override
    public void close() {
        stop();
        if (ownsLogDir) {
            try (Stream<Path> files = Files.walk(logDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // best effort: a temp directory
            }
        }
    }

    /** Admin client settings for this broker. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> m = new HashMap<>();
        m.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return m;
    }

    /** Creates topics (existing ones are kept) and waits until every partition has a leader that answers. */
    public void createTopics(int partitions, String... topics) {
        createTopics(partitions, Map.of(), topics);
    }

    /** As {@link #createTopics(int, String...)}, with topic settings (e.g. {@code max.message.bytes}). */
    public void createTopics(int partitions, Map<String, String> topicConfig, String... topics) {
        try (Admin admin = Admin.create(clientProperties())) {
            for (String t : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(t, partitions, (short) 1).configs(topicConfig)))
                            .all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + t + ": " + e.getCause(), e.getCause());
                    }
                }
            }
            awaitLeaders(admin, partitions, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("topic creation timed out", e);
        }
    }

    private static void awaitLeaders(Admin admin, int partitions, String... topics) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> req = new HashMap<>();
        for (String t : topics) {
            var desc = admin.describeTopics(List.of(t));
            int n = partitions;
            try {
                n = desc.allTopicNames().get(30, TimeUnit.SECONDS).get(t).partitions().size();
            } catch (Exception e) {
                // fall back to the requested count
            }
            for (int i = 0; i < n; i++) {
                req.put(new TopicPartition(t, i), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.listOffsets(req).all().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partition leaders not ready after 30 s: " + e, e);
                }
                Thread.sleep(100);
            }
        }
    }

    private void awaitReady() {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("embedded broker did not come up: " + e, e);
        }
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.resolve("data").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.putAll(overrides);
        return p;
    }

    private void format(Properties p) throws IOException {
        Path cfg = logDir.resolve("server.properties");
        try (var out = Files.newOutputStream(cfg)) {
            p.store(out, "centinela embedded broker");
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "--standalone", "-t", clusterId, "-c", cfg.toString()}, ps);
        }
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed (" + rc + "): " + buf.toString(StandardCharsets.UTF_8));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
