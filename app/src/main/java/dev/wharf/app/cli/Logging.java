package dev.wharf.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Logging for a run: logback to stderr (app/src/main/resources/logback.xml) at WARN, one line
 * per message and no stack trace; fabric8, HTTP client and Vert.x chatter off. {@code --debug}
 * turns on DEBUG with thread names, times and stack traces. java.util.logging (the JDK HTTP
 * client) goes through SLF4J too.
 */
public final class Logging {
    private static final String DEBUG_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

    /** Loggers kept at INFO under {@code --debug}. */
    static final java.util.List<String> QUIET_IN_DEBUG = java.util.List.of("jdk.event.security",
            "io.fabric8.kubernetes.client.server.mock", "io.fabric8.mockwebserver", "com.sun.jna");

    private Logging() {
    }

    public static synchronized void configure(boolean debug) {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        if (!debug || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.DEBUG);
        for (String noisy : new String[] {"io.netty", "io.vertx", "jdk.internal.httpclient", "okhttp3"}) {
            ctx.getLogger(noisy).setLevel(Level.INFO);
        }
        ctx.getLogger("io.fabric8").setLevel(Level.DEBUG);
        // what helps nobody debug Wharf: one line per CA certificate of the JDK's trust store
        // (about 140 on each start), the lab's mock API server logging every request it routes,
        // JNA's library search
        for (String quiet : QUIET_IN_DEBUG) {
            ctx.getLogger(quiet).setLevel(Level.INFO);
        }
        Appender<ILoggingEvent> appender = root.getAppender("STDERR");
        if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(ctx);
            encoder.setPattern(DEBUG_PATTERN);
            encoder.start();
            console.stop();
            console.setEncoder(encoder);
            console.start();
        }
    }
}
