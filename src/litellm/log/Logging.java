package litellm.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The log's set-up, in Logback: its level, its format (text, or one JSON object a line: litellm_settings.json_logs),
 * and where each kind of line goes. Text as LiteLLM's proxy writes it: the application's lines on standard error,
 * the start-up lines and uvicorn's access lines ({@code INFO:     127.0.0.1:50312 - "POST /chat/completions HTTP/1.1" 200 OK})
 * on standard output. JSON: every line on standard output, so that {@code litellm ... | jq} reads them all.
 * Access lines are handed to a thread of their own ({@link BatchedAppender}): a request never waits for the terminal.
 *
 * @param level    the proxy's own lines (LITELLM_LOG, --debug, --detailed_debug)
 * @param json     one JSON object a line, through the Logstash encoder
 * @param detailed the libraries' lines too (Jetty, Javalin, Jedis) from INFO on: --detailed_debug
 * @param access   an access line per request
 */
public record Logging(Level level, boolean json, boolean detailed, boolean access) {
    /** The access lines' logger: one line per request. */
    public static final String ACCESS = "litellm.access";
    /** The proxy's start and stop, always at INFO whatever the level: "INFO: Proxy running on ...". */
    public static final String LIFECYCLE = "litellm.proxy";
    /** Why the proxy could not start: one line, then the exit. */
    public static final String EXIT = "litellm.exit";
    /** uvicorn's level prefix, "INFO:" and spaces to 10 characters. */
    private static final String UVICORN = "%-9(%level:) %msg%n";
    private static final int ACCESS_QUEUE = 8192;
    /** The longest an access line waits to be written. */
    private static final Duration ACCESS_PAUSE = Duration.ofMillis(20);

    public static final Logging DEFAULT = new Logging(Level.INFO, false, false, true);

    private static volatile Logging current = DEFAULT;

    /**
     * LiteLLM's LITELLM_LOG: DEBUG, INFO, WARNING (or WARN) or ERROR (CRITICAL is taken as ERROR); null or blank for INFO.
     *
     * @throws IllegalArgumentException for another value
     */
    public static Level level(String litellmLog) {
        if (litellmLog == null || litellmLog.isBlank()) return Level.INFO;
        return switch (litellmLog.strip().toUpperCase(Locale.ROOT)) {
            case "DEBUG" -> Level.DEBUG;
            case "INFO" -> Level.INFO;
            case "WARNING", "WARN" -> Level.WARN;
            case "ERROR", "CRITICAL" -> Level.ERROR;
            default -> throw new IllegalArgumentException("LITELLM_LOG must be DEBUG, INFO, WARNING or ERROR, got '" + litellmLog + "'");
        };
    }

    public static Logging current() {
        return current;
    }

    public Logging withJson(boolean json) {
        return new Logging(level, json, detailed, access);
    }

    /** The tests' log: a test suite's thousands of requests would bury their output. */
    public Logging withoutAccessLines() {
        return new Logging(level, json, detailed, false);
    }

    /** Makes this the log's set-up from now on, in place of the one before. */
    public void apply() {
        apply((LoggerContext) LoggerFactory.getILoggerFactory());
    }

    void apply(LoggerContext context) {
        context.reset();
        Appender<ILoggingEvent> out = console(context, "stdout", "System.out", json ? json(context) : pattern(context, UVICORN));
        Appender<ILoggingEvent> err = json ? out : console(context, "stderr", "System.err", pattern(context, "%d{HH:mm:ss.SSS} %level %logger{0} - %msg%n"));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level.isGreaterOrEqual(Level.WARN) ? level : Level.INFO); // the libraries' lines, quieter with the proxy's
        root.addAppender(err);
        Level libraries = detailed ? Level.INFO : Level.WARN;
        context.getLogger("org.eclipse.jetty").setLevel(libraries);
        context.getLogger("io.javalin").setLevel(libraries);
        // Javalin's own lines say what the proxy says better: its start, and a failure to start (CannotListen's one line)
        context.getLogger("io.javalin.Javalin").setLevel(detailed ? Level.INFO : Level.OFF);
        // The key database's pool repeats, with a stack trace, what litellm.keys says in a line when the database is away
        context.getLogger("com.zaxxer.hikari").setLevel(detailed ? Level.INFO : Level.ERROR);
        context.getLogger("litellm").setLevel(level);

        Logger lifecycle = only(context.getLogger(LIFECYCLE), json ? out : console(context, "lifecycle", "System.out", pattern(context, "%level: %msg%n")));
        lifecycle.setLevel(Level.INFO);
        Logger exit = only(context.getLogger(EXIT), json ? out : console(context, "exit", "System.err", pattern(context, "litellm: %msg%n")));
        exit.setLevel(Level.ERROR);
        boolean accessLines = access && level.levelInt <= Level.INFO_INT;
        Logger accessLog = context.getLogger(ACCESS);
        accessLog.setAdditive(false);
        if (accessLines) accessLog.addAppender(offThread(context, json ? json(context) : pattern(context, UVICORN))); // else no thread at all
        accessLog.setLevel(accessLines ? Level.INFO : Level.OFF);
        current = this;
    }

    /** Flushes what the access lines' thread holds, then stops the log: at the process's end. */
    public static void stop() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    private static Logger only(Logger logger, Appender<ILoggingEvent> appender) {
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }

    /**
     * Lines queued for a thread that writes them, all that came in one write, on standard output; a full queue drops
     * lines rather than hold a request up. Standard output as it is when a batch is written (the CLI may have set one
     * that masks keys); only whole lines reach it, so they never mix with another appender's within a line.
     */
    private static Appender<ILoggingEvent> offThread(LoggerContext context, Encoder<ILoggingEvent> encoder) {
        OutputStreamAppender<ILoggingEvent> batches = new OutputStreamAppender<>();
        batches.setContext(context);
        batches.setName("stdout-batches");
        batches.setEncoder(encoder);
        batches.setImmediateFlush(false);
        batches.setOutputStream(new BufferedOutputStream(stdout(), 64 << 10));
        batches.start();
        BatchedAppender async = new BatchedAppender(batches, ACCESS_PAUSE, ACCESS_QUEUE);
        async.setContext(context);
        async.setName("access");
        async.start();
        return async;
    }

    /** Standard output, whichever it is at each write, and never closed by an appender's stop. */
    private static OutputStream stdout() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                System.out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                System.out.write(b, off, len);
            }

            @Override
            public void flush() {
                System.out.flush();
            }
        };
    }

    private static Appender<ILoggingEvent> console(LoggerContext context, String name, String target, Encoder<ILoggingEvent> encoder) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(name);
        console.setTarget(target);
        console.setEncoder(encoder);
        console.start();
        return console;
    }

    private static Encoder<ILoggingEvent> pattern(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }

    /** LiteLLM's JSON log fields (timestamp, level, message, stacktrace), the logger's name, and a line's own fields (an access line's). */
    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        LogstashFieldNames names = new LogstashFieldNames();
        names.setTimestamp("timestamp");
        names.setVersion("[ignore]");
        names.setLevelValue("[ignore]");
        names.setThread("[ignore]");
        names.setLogger("logger");
        names.setStackTrace("stacktrace");
        encoder.setFieldNames(names);
        encoder.start();
        return encoder;
    }
}
