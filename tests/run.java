///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES ../litellm.java
//SOURCES support/*.java
//SOURCES unit/**.java
//SOURCES e2e/**.java
//DEPS org.junit.jupiter:junit-jupiter:5.14.1
//DEPS org.junit.platform:junit-platform-launcher:1.14.1
//DEPS com.openai:openai-java:4.8.0
//DEPS com.anthropic:anthropic-java:3.16.0
//DEPS org.quicktheories:quicktheories:0.26
//DEPS io.opentelemetry.proto:opentelemetry-proto:1.11.0-alpha
//DEPS com.google.protobuf:protobuf-java:4.35.1

import litellm.cli.Startup;
import litellm.log.Logging;
import org.junit.platform.engine.TestExecutionResult;
import org.opentest4j.TestAbortedException;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the JUnit 5 tests: {@code ./jbang tests/run.java} for all, or name test classes
 * ({@code ./jbang tests/run.java ErrorsTest}). Ends with "tests: N passed, N failed, N skipped".
 * A test whose assumption fails (it needs a tool this machine lacks: Node, redis-server, Maven) is skipped, not failed,
 * and listed with its reason, which says how to enable it.
 */
public class run {
    static final String RUNNER_FIXTURE = "runner-fixture";

    /** The tests' sources, for finding a test's package by its simple name: run from the repository's root. */
    static final Path TESTS = Path.of("tests");

    /**
     * A test class ({@code ErrorsTest}) or one test method ({@code ErrorsTest#connectionRefusedIs502}; {@code #name(java.nio.file.Path)}
     * for one with parameters), by its simple name: its package is read from its source under tests/.
     */
    static DiscoverySelector selector(String name) {
        String className = name.split("#")[0];
        String qualified = className.contains(".") ? name : packageOf(className) + "." + name;
        return qualified.contains("#") ? DiscoverySelectors.selectMethod(qualified) : DiscoverySelectors.selectClass(qualified);
    }

    static String packageOf(String simpleName) {
        try (Stream<Path> files = Files.walk(TESTS)) {
            Path source = files.filter(f -> f.getFileName().toString().equals(simpleName.split("\\$")[0] + ".java")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no test " + simpleName + " under " + TESTS));
            return Files.readAllLines(source).stream().filter(l -> l.startsWith("package ")).findFirst()
                    .map(l -> l.substring(8, l.indexOf(';'))).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String... args) {
        Startup.configureLogging(Logging.DEFAULT.withoutAccessLines());
        System.setProperty("litellm.hf_hub_base", "off"); // no test reaches the real Hugging Face hub
        // The JDK's HTTP server (the fake upstreams) closes a connection the moment it would be its 201st idle one, so a
        // proxy relaying hundreds of streams would find pooled connections closed; real upstreams keep them (uvicorn, nginx)
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
        var request = LauncherDiscoveryRequestBuilder.request();
        // A class tagged "runner-fixture" exists to be run by name from a test of this runner, never in the whole suite
        if (args.length == 0) request.selectors(DiscoverySelectors.selectPackage("litellm"))
                .filters(ClassNameFilter.includeClassNamePatterns(".*Test"), TagFilter.excludeTags(RUNNER_FIXTURE));
        else request.selectors(Arrays.stream(args).map(run::selector).toList());
        var summary = new SummaryGeneratingListener();
        var progress = new Progress();
        LauncherFactory.create().execute(request.build(), summary, progress);
        var s = summary.getSummary();
        if (s.getTotalFailureCount() > 0) s.printFailuresTo(new PrintWriter(System.out), 20);
        if (!progress.skipped.isEmpty()) {
            System.out.println("skipped (each needs something this machine lacks):");
            progress.skipped.forEach(line -> System.out.println("  " + line));
        }
        // JUnit calls a test whose assumption is unmet "aborted": that is a skip
        long failed = s.getTestsFailedCount() + s.getContainersFailedCount();
        long skipped = s.getTestsSkippedCount() + s.getTestsAbortedCount();
        System.out.println("tests: " + s.getTestsSucceededCount() + " passed, " + failed + " failed, " + skipped + " skipped");
        System.exit(failed == 0 && s.getTestsFoundCount() > 0 ? 0 : 1);
    }

    /** One line per test as it ends, so a long run shows where it is. */
    static final class Progress implements TestExecutionListener {
        /** "NodeSdkTest theNodeSdkSpeaksToTheProxy(): needs Node...", for the closing list. */
        final List<String> skipped = new ArrayList<>();

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) return;
            String mark = switch (result.getStatus()) { case SUCCESSFUL -> "ok  "; case ABORTED -> "skip"; case FAILED -> "FAIL"; };
            String why = result.getThrowable().map(t -> "  <- " + reason(t)).orElse("");
            System.out.println(mark + " " + name(id) + why);
            if (result.getStatus() == TestExecutionResult.Status.ABORTED) skipped.add(name(id) + ": " + result.getThrowable().map(Progress::reason).orElse("aborted"));
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            System.out.println("skip " + name(id) + "  <- " + reason);
            skipped.add(name(id) + ": " + reason);
        }

        private static String name(TestIdentifier id) {
            return id.getUniqueIdObject().getSegments().get(1).getValue().replaceFirst("^.*\\.", "") + (id.isTest() ? " " + id.getLegacyReportingName() : "");
        }

        /** An assumption's message alone ("Assumption failed: " is JUnit's wording, not the reason). */
        private static String reason(Throwable t) {
            if (!(t instanceof TestAbortedException)) return t.toString();
            return String.valueOf(t.getMessage()).replaceFirst("^Assumption failed: ", "");
        }
    }
}
