package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {
    @Test
    void logbackXmlLoadsWithoutErrorsAtWarnAndSilencesLibraries() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        // from scratch: other tests in this JVM ran with --debug
        ctx.reset();
        ctx.getStatusManager().clear();
        // the distribution's logback.xml, not the libvirt test-jar's logback-test.xml on this class path
        System.setProperty("logback.configurationFile", "logback.xml");
        try {
            new ContextInitializer(ctx).autoConfig();
        } finally {
            System.clearProperty("logback.configurationFile");
        }
        assertThat(ctx.getStatusManager().getCopyOfStatusList()).noneMatch(s -> s.getLevel() >= Status.WARN);
        assertThat(ctx.getLogger("ROOT").getLevel()).isEqualTo(Level.WARN);
        assertThat(ctx.getLogger("io.fabric8").getLevel()).isEqualTo(Level.OFF);
        assertThat(ctx.getLogger("io.vertx").getLevel()).isEqualTo(Level.OFF);
        assertThat(ctx.getLogger("ROOT").getAppender("STDERR")).isNotNull();

        Logging.configure(true);
        assertThat(ctx.getLogger("dev.wharf").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        ctx.reset();
        new ContextInitializer(ctx).autoConfig();
    }
}
