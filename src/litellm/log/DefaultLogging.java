package litellm.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The log's set-up before anything sets it ({@link Logging#DEFAULT}), found by Logback through
 * META-INF/services: in the proxy until its command line applies its own, and in every program that uses the core
 * (a JBang script, JShell). Without it Logback would write every library's DEBUG lines; and it is quicker than
 * Logback reading a logback.xml.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_TOP_PRIORITY)
public final class DefaultLogging extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Logging.DEFAULT.apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
