///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES ../litellm.java
//SOURCES support/*.java
//SOURCES unit/**.java
//SOURCES e2e/**.java
//DEPS org.junit.jupiter:junit-jupiter:5.14.1
//DEPS org.junit.platform:junit-platform-launcher:1.14.1
//DEPS com.openai:openai-java:4.8.0

import litellm.cli.Startup;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
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
import java.util.Arrays;

/**
 * Runs the JUnit 5 tests: {@code ./jbang tests/run.java} for all, or name test classes
 * ({@code ./jbang tests/run.java ErrorsTest}). Ends with "tests: N passed, N failed, N skipped".
 */
public class run {
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
            Path source = files.filter(f -> f.getFileName().toString().equals(simpleName + ".java")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no test " + simpleName + " under " + TESTS));
            return Files.readAllLines(source).stream().filter(l -> l.startsWith("package ")).findFirst()
                    .map(l -> l.substring(8, l.indexOf(';'))).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String... args) {
        Startup.configureLogging(false);
        System.setProperty("litellm.hf_hub_base", "off"); // no test reaches the real Hugging Face hub
        var request = LauncherDiscoveryRequestBuilder.request();
        if (args.length == 0) request.selectors(DiscoverySelectors.selectPackage("litellm")).filters(ClassNameFilter.includeClassNamePatterns(".*Test"));
        else request.selectors(Arrays.stream(args).map(run::selector).toList());
        var summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request.build(), summary, new Progress());
        var s = summary.getSummary();
        if (s.getTotalFailureCount() > 0) s.printFailuresTo(new PrintWriter(System.out), 20);
        long failed = s.getTestsFailedCount() + s.getTestsAbortedCount() + s.getContainersFailedCount();
        System.out.println("tests: " + s.getTestsSucceededCount() + " passed, " + failed + " failed, " + s.getTestsSkippedCount() + " skipped");
        System.exit(failed == 0 && s.getTestsFoundCount() > 0 ? 0 : 1);
    }

    /** One line per test as it ends, so a long run shows where it is. */
    static final class Progress implements TestExecutionListener {
        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) return;
            String mark = switch (result.getStatus()) { case SUCCESSFUL -> "ok  "; case ABORTED -> "skip"; case FAILED -> "FAIL"; };
            String why = result.getThrowable().map(t -> "  <- " + t).orElse("");
            System.out.println(mark + " " + id.getLegacyReportingName() + " " + id.getUniqueIdObject().getSegments().get(1).getValue().replaceFirst("^litellm\\.(e2e\\.)?", "") + why);
        }
    }
}
