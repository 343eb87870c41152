package io.centinela.cli;

import io.centinela.pipeline.RuleReloader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.centinela.config.CentinelaConfig.RULES_RELOAD_WATCH;

/**
 * {@code kill -HUP <pid>} reloads the rules. Uses {@code sun.misc.Signal} (module jdk.unsupported), looked up
 * reflectively so the connector still runs on a JVM without it; the reload runs on its own thread so the signal
 * dispatcher returns at once.
 */
final class SighupReload {

    private static final Logger LOG = LoggerFactory.getLogger(SighupReload.class);

    private SighupReload() {
    }

    /** Returns whether the handler was installed. */
    static boolean install(RuleReloader reloader) {
        if (reloader == null) {
            return false;
        }
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object hup = signal.getConstructor(String.class).newInstance("HUP");
            Object h = java.lang.reflect.Proxy.newProxyInstance(SighupReload.class.getClassLoader(),
                    new Class<?>[] {handler}, (proxy, method, args) -> {
                        if ("handle".equals(method.getName())) {
                            Thread t = new Thread(() -> {
                                LOG.info("SIGHUP: reloading the rules");
                                reloader.reload();
                            }, "centinela-sighup-reload");
                            t.setDaemon(true);
                            t.start();
                        }
                        return null;
                    });
            signal.getMethod("handle", signal, handler).invoke(null, hup, h);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.info("SIGHUP rule reload unavailable on this JVM ({}); use {}", e.toString(), RULES_RELOAD_WATCH);
            return false;
        }
    }
}
