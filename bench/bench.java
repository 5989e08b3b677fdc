///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES ../tests/support/NginxServer.java

import litellm.testing.NginxServer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Benchmarks the litellm.java proxy against a fake OpenAI upstream, everything on 127.0.0.1.
 * Each figure is measured twice in the same run, straight to the fake upstream ("direct") and
 * through the proxy, so the table shows what the proxy adds on this machine, whatever its speed.
 * <pre>
 * ./jbang bench/bench.java                     # the full table, in about 2 minutes
 * ./jbang bench/bench.java --cell 5            # 5 s per throughput cell instead of 3
 * ./jbang bench/bench.java --soak 3             # 3 minutes of issue 24's mix (wrk), RSS every 10 s, then a minute idle
 * ./jbang bench/bench.java --soak 30 --rate 200  # 30 minutes at a fixed 200 req/s instead, RSS every 10 s
 * ./jbang bench/bench.java --chaos 60          # 60 s at concurrency 64 against an upstream that alternates ok, 500 and hang
 * ./jbang bench/bench.java --eval 5            # scripts/eval.java: 1,000 items x 2 models on offline/echo, 5 runs
 * ./jbang bench/bench.java --only json,stream,features  # some parts of the default run (names below: Options.PARTS)
 * ./jbang bench/bench.java --live-edits 30     # wrk c=8 for 30 s, without and then with 10 script and 5 config edits
 * ./jbang bench/bench.java --java-options=-Xmx256m --only sustained,burst  # the proxy's JVM with more options (after the header's)
 * ./jbang bench/bench.java --upstream         # only the fake upstream, on a port it prints, until killed (for trying by hand)
 * </pre>
 * Run it from the repository root. The load generator and the fake upstream share this JVM and
 * the machine's cores with the proxy: read the ratios, not the absolute numbers. With nginx installed, each
 * throughput cell is also measured through nginx as a plain reverse proxy (one worker, keep-alive upstream, no
 * buffering) in front of the same upstream: the floor issue 24's targets are set against. The run ends with
 * those targets, each met or missed.
 */
public class bench {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final String PATH = "/v1/chat/completions";
    static final String MESSAGES_PATH = "/v1/messages";
    static final String RESPONSES_PATH = "/v1/responses";
    static final Path REPO = Path.of("").toAbsolutePath();
    static final long START = System.nanoTime();
    /** The virtual key to send to a port whose proxy has keys (the features-on row's); other ports get none. */
    static final Map<Integer, String> KEYS = new ConcurrentHashMap<>();

    public static void main(String... args) throws Exception {
        Options options = Options.parse(args);
        if (!Files.isRegularFile(REPO.resolve("litellm.java")) || !Files.isExecutable(REPO.resolve("jbang"))) {
            System.err.println("bench: run me from the repository root: ./jbang bench/bench.java");
            System.exit(2);
        }
        if (options.evalRuns() > 0) EvalBench.run(options.evalRuns());
        else if (options.chaosSeconds() > 0) Chaos.run(options);
        else if (options.liveEditSeconds() > 0) LiveEdits.run(options.liveEditSeconds());
        else if (options.soakMinutes() > 0) Soak.run(options);
        else if (options.upstreamOnly()) FakeUpstream.serveUntilKilled();
        else FullRun.run(options);
        System.exit(0); // the fake upstream's threads must not keep the JVM alive
    }

    /** @param only the parts of the default run to measure ({@link #PARTS}); empty for all of them */
    record Options(Duration cell, double soakMinutes, int rate, double chaosSeconds, int evalRuns, Set<String> only, int liveEditSeconds, boolean upstreamOnly) {
        /**
         * The default run's parts: json (non-stream c=1, 8, 64), stream (instant streams c=1 and c=8), messages
         * (/v1/messages against chat), paced (paced streams c=8), large (50 MB answers), sustained (1,000 paced
         * streams, wrk, and json c=8 among them), burst (1,000 at once), features (features on against off), service
         * (Prometheus, the access log and the Redis-shared router on against off, issue 22), keys (a virtual key against
         * the master key, issue 23), responses (/v1/responses against chat), startup (warm and cold starts).
         */
        static final List<String> PARTS = List.of("json", "stream", "messages", "paced", "large", "sustained", "burst", "features",
                "service", "keys", "responses", "startup");
        /** The parts measured on the plain proxy of the run (the others start proxies of their own). */
        static final List<String> ON_THE_PLAIN_PROXY = List.of("json", "stream", "messages", "paced", "large", "sustained", "burst", "features");

        boolean runs(String part) {
            return only.isEmpty() || only.contains(part);
        }

        static Options parse(String[] args) {
            Duration cell = Duration.ofSeconds(3);
            double soak = 0;
            int rate = 0, evalRuns = 0, liveEdits = 0;
            double chaos = 0;
            Set<String> only = Set.of();
            boolean upstream = false;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                if (args[i].startsWith("--java-options=")) {
                    ProxyProcess.javaOptions = args[i].substring("--java-options=".length());
                    continue;
                }
                switch (args[i]) {
                    case "--upstream" -> upstream = true;
                    case "--cell" -> { cell = Duration.ofMillis((long) (Double.parseDouble(value) * 1000)); i++; }
                    case "--soak" -> { soak = Double.parseDouble(value); i++; }
                    case "--rate" -> { rate = Integer.parseInt(value); i++; }
                    case "--chaos" -> { chaos = Double.parseDouble(value); i++; }
                    case "--eval" -> { evalRuns = Integer.parseInt(value); i++; }
                    case "--only" -> { only = Set.of(value.split(",")); i++; }
                    case "--live-edits" -> { liveEdits = Integer.parseInt(value); i++; }
                    default -> usage();
                }
            }
            if (!PARTS.containsAll(only)) usage();
            return new Options(cell, soak, rate, chaos, evalRuns, only, liveEdits, upstream);
        }

        private static void usage() {
            System.err.println("usage: bench [--java-options=OPTION ...] [--cell SECONDS] [--only PART,...] [--soak MINUTES [--rate REQUESTS_PER_SECOND]] [--chaos SECONDS] [--eval RUNS] [--live-edits SECONDS] [--upstream]");
            System.err.println("parts: " + String.join(",", PARTS));
            System.exit(2);
        }
    }

    static void log(String message) {
        System.err.printf(Locale.ROOT, "[bench %5.1fs] %s%n", (System.nanoTime() - START) / 1e9, message);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once something listens on the port, false if nothing did within {@code within} or {@code alive} turned false. */
    static boolean awaitListening(int port, Duration within, java.util.function.BooleanSupplier alive) {
        long giveUp = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < giveUp && alive.getAsBoolean()) {
            try (Socket s = new Socket(LOOPBACK, port)) {
                return true;
            } catch (IOException notYet) {
                sleep(Duration.ofMillis(20));
            }
        }
        return false;
    }

    /** Deletes a scratch folder and everything in it; what cannot be deleted stays (harmless in a temp folder). */
    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // left behind
        }
    }

    static void closeQuietly(Closeable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do about a connection that will not close
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The default run: every figure direct and through the proxy, then the table.

    static final class FullRun {
        static final int[] CONCURRENCY = {1, 8, 64};
        static final int BURST_STREAMS = 1000;
        static final int SUSTAINED_STREAMS = 1000;
        static final Duration JIT_SETTLE_LIMIT = Duration.ofSeconds(20); // the default run must stay near 2 minutes
        static final long JIT_QUIET_MILLIS = 30; // compiler CPU in a round of light load (1 s) that counts as quiet
        static final int STARTS = 2; // each start costs seconds; the default run must stay under 2 minutes

        static void run(Options o) throws Exception {
            Table table = new Table();
            boolean plain = Options.ON_THE_PLAIN_PROXY.stream().anyMatch(o::runs);
            try (FakeUpstream upstream = new FakeUpstream(); Nginx nginx = plain ? Nginx.start(upstream.port(), table) : null) {
                log("fake upstream on 127.0.0.1:" + upstream.port());
                if (plain) {
                    try (ProxyProcess proxy = startWithCache(upstream, table)) {
                        double idleMb = proxy.rssMb();
                        measureLoad(table, upstream, nginx, proxy, o);
                        sleep(Duration.ofSeconds(2)); // let in-flight work and connection teardown settle
                        table.proxyOnly("proxy RSS idle, after start (MB)", idleMb);
                        table.proxyOnly("proxy RSS idle, after the load (MB)", proxy.rssMb());
                        table.proxyOnly("proxy peak RSS, VmHWM (MB)", proxy.peakRssMb());
                        if (o.runs("features")) Features.measure(table, upstream, proxy, o.cell());
                    }
                }
                if (o.runs("service")) ServiceCost.measure(table, upstream, o.cell());
                if (o.runs("keys")) KeyCost.measure(table, upstream, o.cell());
                if (o.runs("responses")) measureTranslated(table, upstream, o.cell());
                if (o.runs("startup")) measureStartup(table, upstream);
            }
            table.print(o);
        }

        /**
         * A proxy started as users start it from their second start on: after a build, the first start
         * trains the start-up cache in the background; the bench waits for that and starts again.
         */
        private static ProxyProcess startWithCache(FakeUpstream upstream, Table table) throws IOException {
            ProxyProcess proxy = ProxyProcess.start(ProxyProcess.jbangLauncher(), upstream.port());
            Duration first = proxy.awaitReady(Duration.ofMinutes(5)); // may include JBang's build
            log("proxy on 127.0.0.1:" + proxy.port + " (pid " + proxy.appPid() + ") answered after " + first.toMillis() + " ms");
            sleep(Duration.ofSeconds(1));
            if (StartupCache.awaitTraining(table, proxy)) {
                proxy.close();
                proxy = ProxyProcess.start(ProxyProcess.jbangLauncher(), upstream.port());
                long ready = proxy.awaitReady(Duration.ofMinutes(2)).toMillis();
                log("proxy started again, with the start-up cache, on 127.0.0.1:" + proxy.port + " (pid " + proxy.appPid() + "): answered after " + ready + " ms");
                sleep(Duration.ofSeconds(1));
            }
            return proxy;
        }

        private static void measureLoad(Table table, FakeUpstream upstream, Nginx nginx, ProxyProcess proxy, Options o) {
            Duration cell = o.cell();
            Target direct = new Target("direct", upstream.port());
            Target viaNginx = nginx == null ? null : new Target("nginx", nginx.port);
            Target via = new Target("proxy", proxy.port);
            log("warm-up");
            long bench = ProcessHandle.current().pid(); // the fake upstream's JVM
            table.note("%s", warmUp(direct, bench));
            if (nginx != null) table.note("%s", warmUp(viaNginx, bench));
            table.note("%s", warmUp(via, bench, proxy.appPid()));
            sleep(Duration.ofSeconds(2));
            double warmIdleMb = proxy.rssMb();
            table.proxyOnly("proxy RSS idle, right after the warm-up (MB)", warmIdleMb);
            table.targets.check(Targets.IDLE_RSS, warmIdleMb <= 100, "%.1f MB", warmIdleMb);

            boolean wrk = Wrk.available();
            table.note("non-stream cells and stream instant c=8: load from %s", wrk ? "wrk" : "this JVM's own loop (install wrk for a load generator that takes less of the shared cores)");
            for (int c : o.runs("json") ? CONCURRENCY : new int[0]) {
                log("non-stream, concurrency " + c + (wrk ? " (wrk)" : ""));
                int conns = upstream.accepted();
                Cell cells = Cell.measure(Kind.COMPLETION, c, cell, direct, viaNginx, nginx, via, proxy);
                table.throughput("non-stream c=" + c, "req/s", cells.direct(), cells.nginx(), cells.proxy());
                table.besideNginx("  CPU per request, c=" + c + " (ms)", cells.nginxCpuMs(), cells.proxyCpuMs());
                table.note("non-stream c=%d: %d new upstream connections for %d proxied requests", c, upstream.accepted() - conns,
                        cells.proxy().ok() + cells.proxy().errors());
                if (c == 1) {
                    double added = cells.proxy().p50Ms() - cells.direct().p50Ms();
                    table.targets.check(Targets.ADDED_C1, added <= 0.05, "p50 %+.3f ms (direct %.3f, proxy %.3f)", added, cells.direct().p50Ms(), cells.proxy().p50Ms());
                } else if (c == 8) {
                    if (nginx == null) table.targets.unmeasured(Targets.JSON_C8, "needs nginx");
                    else table.targets.atLeast(Targets.JSON_C8, cells.proxy().perSecond(), cells.nginx().perSecond(), 0.60, "req/s");
                } else if (c == 64) {
                    table.targets.check(Targets.JSON_C64, cells.proxy().p99Ms() <= 5, "p99 %.2f ms (nginx %s ms, direct %.2f ms)", cells.proxy().p99Ms(),
                            nginx == null ? "-" : String.format(Locale.ROOT, "%.2f", cells.nginx().p99Ms()), cells.direct().p99Ms());
                }
            }

            if (o.runs("stream")) {
                log("streams, instant upstream");
                streamCell(table, upstream, "stream instant c=1", direct, via, Kind.STREAM_INSTANT, 1, cell);
                Cell streams = Cell.measure(Kind.STREAM_INSTANT, 8, cell, direct, viaNginx, nginx, via, proxy);
                table.throughput("stream instant c=8", "streams/s", streams.direct(), streams.nginx(), streams.proxy());
                table.besideNginx("  CPU per stream, c=8 (ms)", streams.nginxCpuMs(), streams.proxyCpuMs());
                if (nginx == null) table.targets.unmeasured(Targets.STREAM_C8, "needs nginx");
                else table.targets.atLeast(Targets.STREAM_C8, streams.proxy().perSecond(), streams.nginx().perSecond(), 0.50, "streams/s");
            }
            if (o.runs("messages")) measureMessages(table, via, cell);
            if (o.runs("paced")) {
                log("streams, paced upstream (" + FakeUpstream.PACE.toMillis() + " ms between chunks)");
                LoadResult[] paced = streamCell(table, upstream, "stream paced c=8", direct, via, Kind.STREAM_PACED, 8, cell);
                double total = paced[1].total().percentileMs(0.50) / paced[0].total().percentileMs(0.50);
                table.targets.check(Targets.PACED_TOTAL, total <= 1.02, "total p50 proxy/direct %.3f", total);
                double first = paced[1].first().percentileMs(0.50) - paced[0].first().percentileMs(0.50);
                table.targets.check(Targets.PACED_FIRST, first <= 0.5, "first token p50 %+.2f ms", first);
            }

            // before the burst, whose idle upstream connections the pool keeps for a minute
            if (o.runs("large")) LargeAnswer.measure(table, proxy);
            if (o.runs("sustained")) {
                if (wrk) sustainedStreams(table, direct, nginx, viaNginx, via, proxy, cell);
                else table.targets.unmeasured(Targets.SUSTAINED_RATE, "needs wrk");
            }
            if (!o.runs("burst")) return;
            log(BURST_STREAMS + " concurrent paced streams");
            long overflows = listenOverflows();
            LoadResult d = Load.burst(direct, BURST_STREAMS, null);
            long directOverflows = listenOverflows() - overflows;
            AtomicLong peakKb = new AtomicLong();
            LoadResult p = Load.burst(via, BURST_STREAMS, () -> peakKb.accumulateAndGet(proxy.rssKb(), Math::max));
            table.burst(BURST_STREAMS + " paced streams", d, p);
            table.proxyOnly("proxy RSS under " + BURST_STREAMS + " streams, peak sampled (MB)", peakKb.get() / 1024.0);
            table.targets.check(Targets.BURST_RSS, peakKb.get() / 1024.0 <= 300, "%.1f MB (a burst of %d)", peakKb.get() / 1024.0, BURST_STREAMS);
            table.note("%d paced streams: the kernel's TcpExt ListenOverflows (full accept queues, machine-wide) rose by %d "
                    + "during the direct burst and by %d during the proxied one", BURST_STREAMS, directOverflows, listenOverflows() - overflows - directOverflows);
        }

        /**
         * Anthropic's /v1/messages translated onto the same upstream's chat completions, against /v1/chat/completions,
         * both through the proxy at c=1: what the translation adds. Interleaved, half a cell each, twice, so that
         * both see the same machine; the Messages path gets its own warm-up first.
         */
        private static void measureMessages(Table table, Target via, Duration cell) {
            log("/v1/messages against /v1/chat/completions, c=1");
            Load.closedLoop(via, Kind.MESSAGES, 4, Duration.ofSeconds(2));
            Load.closedLoop(via, Kind.MESSAGES_STREAM, 4, Duration.ofSeconds(1));
            Load.closedLoop(via, Kind.MESSAGES, 1, Duration.ofSeconds(1));
            Duration half = cell.dividedBy(2);
            List<Double> chat = new ArrayList<>(), messages = new ArrayList<>(), chatFirst = new ArrayList<>(), messagesFirst = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                chat.add(wholeAnswers(via, Kind.COMPLETION, 1, half).p50Ms());
                messages.add(wholeAnswers(via, Kind.MESSAGES, 1, half).p50Ms());
                chatFirst.add(Load.closedLoop(via, Kind.STREAM_INSTANT, 1, half).first().percentileMs(0.50));
                LoadResult streamed = Load.closedLoop(via, Kind.MESSAGES_STREAM, 1, half);
                messagesFirst.add(streamed.first().percentileMs(0.50));
                if (streamed.problem() != null) table.note("messages stream, first error: %s", streamed.problem());
            }
            table.versus("/v1/messages vs chat, non-stream c=1 p50 (ms)", mean(chat), mean(messages));
            table.versus("/v1/messages vs chat, stream c=1 first event p50 (ms)", mean(chatFirst), mean(messagesFirst));
            table.note("rows \"/v1/messages vs chat\": the direct column is /v1/chat/completions through the proxy, the proxy column "
                    + "/v1/messages through the proxy onto the same upstream (p50 per round, ms: non-stream chat %s, messages %s; "
                    + "stream chat %s, messages %s)", chat, messages, chatFirst, messagesFirst);
        }

        static double mean(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        /**
         * The Responses API on a chat-only provider (vllm/fake, the same upstream), translated onto /chat/completions,
         * against chat itself on the same proxy: what the translation adds. Here the "direct" column is chat through
         * the proxy, and the "proxy" column /v1/responses through it.
         */
        private static void measureTranslated(Table table, FakeUpstream upstream, Duration cell) throws IOException {
            try (ProxyProcess proxy = ProxyProcess.start(ProxyProcess.jbangLauncher(), upstream.port(), Map.of(), "vllm/fake", List.of())) {
                log("proxy for vllm/fake answered after " + proxy.awaitReady(Duration.ofMinutes(2)).toMillis() + " ms; warm-up of /v1/responses");
                Target via = new Target("proxy", proxy.port);
                for (Kind kind : List.of(Kind.COMPLETION, Kind.RESPONSE)) Load.closedLoop(via, kind, 8, Duration.ofSeconds(3));
                for (Kind kind : List.of(Kind.STREAM_PACED, Kind.RESPONSE_STREAM_PACED)) Load.closedLoop(via, kind, 16, Duration.ofMillis(500));
                long started = System.nanoTime();
                int quietRounds = 0;
                while (quietRounds < 2 && System.nanoTime() - started < JIT_SETTLE_LIMIT.toNanos()) {
                    long compiling = JitThreads.cpuMillis(proxy.appPid());
                    for (Kind kind : List.of(Kind.COMPLETION, Kind.RESPONSE)) Load.closedLoop(via, kind, 1, Duration.ofMillis(500));
                    quietRounds = JitThreads.cpuMillis(proxy.appPid()) - compiling < JIT_QUIET_MILLIS ? quietRounds + 1 : 0;
                }
                log("/v1/responses vs /v1/chat/completions, concurrency 1");
                long cpu = proxy.cpuMillis();
                Throughput chat = Throughput.of(Load.closedLoop(via, Kind.COMPLETION, 1, cell));
                long chatCpu = proxy.cpuMillis() - cpu;
                cpu = proxy.cpuMillis();
                Throughput responses = Throughput.of(Load.closedLoop(via, Kind.RESPONSE, 1, cell));
                long responsesCpu = proxy.cpuMillis() - cpu;
                table.throughput("responses (vs chat) c=1", chat, responses);
                table.proxyOnly("  proxy CPU per request, chat c=1 (ms)", chatCpu / (double) Math.max(1, chat.ok()));
                table.proxyOnly("  proxy CPU per request, responses c=1 (ms)", responsesCpu / (double) Math.max(1, responses.ok()));
                LoadResult chatStreams = Load.closedLoop(via, Kind.STREAM_PACED, 1, cell);
                LoadResult responseStreams = Load.closedLoop(via, Kind.RESPONSE_STREAM_PACED, 1, cell);
                table.streams("responses (vs chat) stream paced c=1", chatStreams, responseStreams);
                table.note("responses (vs chat): one more proxy, --model vllm/fake (a chat-only provider) at the same upstream; "
                        + "its direct column is /v1/chat/completions through that proxy, its proxy column /v1/responses through it "
                        + "(translated onto chat), so \"added ms\" is what the translation adds");
            }
        }

        /** @return the direct and the proxied result */
        private static LoadResult[] streamCell(Table table, FakeUpstream upstream, String name, Target direct, Target via,
                                               Kind kind, int concurrency, Duration cell) {
            LoadResult d = Load.closedLoop(direct, kind, concurrency, cell);
            int conns = upstream.accepted();
            LoadResult p = Load.closedLoop(via, kind, concurrency, cell);
            table.streams(name, d, p);
            table.note("%s: %d new upstream connections for %d proxied streams", name, upstream.accepted() - conns, p.ok() + p.errors());
            return new LoadResult[] {d, p};
        }

        /**
         * 1,000 connections each streaming a paced answer again and again (wrk, 2 threads): streams/s and p99, direct,
         * through nginx and through the proxy, with the proxy's RSS and threads sampled meanwhile.
         */
        private static void sustainedStreams(Table table, Target direct, Nginx nginx, Target viaNginx, Target via, ProxyProcess proxy, Duration cell) {
            Duration each = cell.multipliedBy(2);
            log(SUSTAINED_STREAMS + " paced streams, sustained for " + each.toSeconds() + " s each (wrk), after " + cell.toSeconds() + " s of the same on each to warm up");
            // the warm-up's load was 16 streams at a time: the JIT has yet to compile what 1,000 at once run
            for (Target t : viaNginx == null ? List.of(direct, via) : List.of(direct, viaNginx, via)) Wrk.run(t, Kind.STREAM_PACED, SUSTAINED_STREAMS, cell);
            Throughput d = Wrk.run(direct, Kind.STREAM_PACED, SUSTAINED_STREAMS, each);
            long nginxCpu = nginx == null ? 0 : nginx.cpuMillis();
            Throughput n = viaNginx == null ? null : Wrk.run(viaNginx, Kind.STREAM_PACED, SUSTAINED_STREAMS, each);
            nginxCpu = nginx == null ? 0 : nginx.cpuMillis() - nginxCpu;
            AtomicLong peakKb = new AtomicLong(), peakThreads = new AtomicLong();
            long proxyCpu = proxy.cpuMillis();
            Throughput p = sampled(() -> {
                peakKb.accumulateAndGet(proxy.rssKb(), Math::max);
                peakThreads.accumulateAndGet(proxy.statusValue("Threads:"), Math::max);
            }, () -> Wrk.run(via, Kind.STREAM_PACED, SUSTAINED_STREAMS, each));
            proxyCpu = proxy.cpuMillis() - proxyCpu;
            String cellName = String.format(Locale.ROOT, "%,d paced streams, sustained", SUSTAINED_STREAMS);
            table.throughput(cellName, "streams/s", d, n, p);
            table.besideNginx("  CPU per stream (ms)", n == null ? Double.NaN : nginxCpu / (double) Math.max(1, n.ok()), proxyCpu / (double) Math.max(1, p.ok()));
            table.proxyOnly("  proxy RSS meanwhile, peak sampled (MB)", peakKb.get() / 1024.0);
            table.proxyOnly("  proxy threads meanwhile, peak sampled", peakThreads.get());
            if (n == null) {
                table.targets.unmeasured(Targets.SUSTAINED_RATE, "needs nginx");
                table.targets.unmeasured(Targets.SUSTAINED_P99, "needs nginx");
                return;
            }
            table.targets.atLeast(Targets.SUSTAINED_RATE, p.perSecond(), n.perSecond(), 0.90, String.format(Locale.ROOT, "streams/s, RSS %.0f MB", peakKb.get() / 1024.0));
            double over = p.p99Ms() - n.p99Ms();
            table.targets.check(Targets.SUSTAINED_P99, over <= 50, "p99 proxy %.0f ms, nginx %.0f ms (%+.0f ms)", p.p99Ms(), n.p99Ms(), over);
            shortCallsAmongStreams(table, direct, viaNginx, via, cell);
        }

        /**
         * Calls that last a millisecond while 1,000 paced streams run (wrk c=8 in the middle of them): a proxy whose
         * threads all relay streams makes them queue behind the streams.
         */
        private static void shortCallsAmongStreams(Table table, Target direct, Target viaNginx, Target via, Duration cell) {
            Throughput d = shortCallsAmongStreams(direct, cell);
            Throughput n = viaNginx == null ? null : shortCallsAmongStreams(viaNginx, cell);
            Throughput p = shortCallsAmongStreams(via, cell);
            table.throughput(String.format(Locale.ROOT, "json c=8 during %,d paced streams", SUSTAINED_STREAMS), "req/s", d, n, p);
        }

        private static Throughput shortCallsAmongStreams(Target t, Duration cell) {
            Thread streams = Thread.ofVirtual().start(() -> Wrk.run(t, Kind.STREAM_PACED, SUSTAINED_STREAMS, cell.plusSeconds(2)));
            sleep(Duration.ofSeconds(1));
            Throughput calls = Wrk.run(t, Kind.COMPLETION, 8, cell, 1);
            try {
                streams.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return calls;
        }

        /** {@code work}'s result, with {@code sample} run every 50 ms meanwhile. */
        static <T> T sampled(Runnable sample, java.util.function.Supplier<T> work) {
            AtomicReference<Boolean> running = new AtomicReference<>(true);
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    sample.run();
                    sleep(Duration.ofMillis(50));
                }
            });
            try {
                return work.get();
            } finally {
                running.set(false);
                sampler.interrupt();
            }
        }

        /**
         * One cell direct, through nginx (when it runs) and through the proxy, in turn, with the CPU each of the two
         * proxies used per request in it (from /proc).
         */
        record Cell(Throughput direct, Throughput nginx, Throughput proxy, double nginxCpuMs, double proxyCpuMs) {
            static Cell measure(Kind kind, int concurrency, Duration cell, Target direct, Target viaNginx, Nginx nginx, Target via, ProxyProcess proxy) {
                Throughput d = wholeAnswers(direct, kind, concurrency, cell);
                Throughput n = null;
                double nginxCpu = Double.NaN;
                if (nginx != null) {
                    long cpu = nginx.cpuMillis();
                    n = wholeAnswers(viaNginx, kind, concurrency, cell);
                    nginxCpu = (nginx.cpuMillis() - cpu) / (double) Math.max(1, n.ok());
                }
                long cpu = proxy.cpuMillis();
                Throughput p = wholeAnswers(via, kind, concurrency, cell);
                return new Cell(d, n, p, nginxCpu, (proxy.cpuMillis() - cpu) / (double) Math.max(1, p.ok()));
            }
        }

        /**
         * Connections dropped because a listening socket's accept queue was full, machine-wide, from
         * /proc/net/netstat; -1 if unreadable. Such a client waits for TCP retransmits: seconds.
         */
        static long listenOverflows() {
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat")).stream().filter(l -> l.startsWith("TcpExt:")).toList();
                List<String> names = List.of(lines.get(0).split(" "));
                return Long.parseLong(lines.get(1).split(" ")[names.indexOf("ListenOverflows")]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        /**
         * JIT-compiles both sides and fills connection pools: full load first, then light load until the JIT
         * compiler threads of the JVMs serving the target are quiet. Under full load on 2 cores, C2 gets little
         * CPU and its queue of the request path's methods takes 10-20 s to drain; a cell measured before that
         * measures the compiler too (at c=1: 0.4 instead of 0.17 ms of proxy CPU per request).
         *
         * @return how the JIT settled, for the table's notes
         */
        static String warmUp(Target t, long... jvms) {
            return warmUp(t, Duration.ofSeconds(5), JIT_SETTLE_LIMIT, jvms);
        }

        /** {@link #warmUp(Target, long...)} with {@code fullLoad} of c=8 first and up to {@code settleLimit} for the JIT to go quiet. */
        static String warmUp(Target t, Duration fullLoad, Duration settleLimit, long... jvms) {
            completions(t, 8, fullLoad);
            Load.closedLoop(t, Kind.STREAM_INSTANT, 4, Duration.ofSeconds(1));
            Load.closedLoop(t, Kind.STREAM_PACED, 16, Duration.ofMillis(500));
            long started = System.nanoTime();
            int quietRounds = 0;
            while (quietRounds < 2 && System.nanoTime() - started < settleLimit.toNanos()) {
                long compiling = JitThreads.cpuMillis(jvms);
                completions(t, 1, Duration.ofMillis(700));
                Load.closedLoop(t, Kind.STREAM_INSTANT, 1, Duration.ofMillis(300));
                quietRounds = JitThreads.cpuMillis(jvms) - compiling < JIT_QUIET_MILLIS ? quietRounds + 1 : 0;
            }
            double settled = (System.nanoTime() - started) / 1e9;
            return String.format(Locale.ROOT, "warm-up %s: %s after %.1f s of light load that followed the full load", t.name(),
                    quietRounds == 2 ? "JIT compilers quiet" : "JIT compilers STILL BUSY", settled);
        }

        /** Non-stream chat completions at a concurrency: from wrk when it is installed, else from this JVM's loop. */
        private static Throughput completions(Target t, int concurrency, Duration duration) {
            return wholeAnswers(t, Kind.COMPLETION, concurrency, duration);
        }

        static Throughput wholeAnswers(Target t, Kind kind, int concurrency, Duration duration) {
            return Wrk.available() ? Wrk.run(t, kind, concurrency, duration) : Throughput.of(Load.closedLoop(t, kind, concurrency, duration));
        }

        /** Warm start-up: JBang's cache is filled by now, so this is the JVM plus the app, as users see it. */
        private static void measureStartup(Table table, FakeUpstream upstream) throws IOException {
            // --only startup: the shared start-up cache may be another build's; its training in the background would
            // compete with the starts measured below, which would run without it
            startWithCache(upstream, table).close();
            log("start-up, " + STARTS + " times through ./jbang");
            List<Double> jbang = startups(table, ProxyProcess.jbangLauncher(), upstream);
            table.startup("start-up to first response, ./jbang (ms)", jbang);
            double best = jbang.stream().min(Double::compare).orElse(Double.NaN);
            table.targets.check(Targets.STARTUP, best <= 800, "best of %d: %.0f ms", jbang.size(), best);
            List<String> java = ProxyProcess.appJvmLauncher();
            if (java.isEmpty()) {
                table.note("start-up of the app JVM alone: could not read the java command line from ./jbang --verbose");
                return;
            }
            log("start-up, " + STARTS + " times with the java command line ./jbang runs");
            table.startup("start-up to first response, java alone (ms)", startups(table, java, upstream));
            measureColdStartup(table, upstream, java);
        }

        /**
         * A first start: no JBang build (so it compiles litellm.java), no compiled provider scripts, no
         * start-up cache. Each in fresh folders of its own, so the user's caches are neither used nor
         * changed. Maven's local repository stays: downloading the dependencies is the network's time.
         */
        private static void measureColdStartup(Table table, FakeUpstream upstream, List<String> java) throws IOException {
            Path fresh = Files.createTempDirectory("bench-cold");
            try {
                log("start-up, cold: fresh JBang, compiled-script and start-up caches");
                Map<String, String> env = Map.of("JBANG_CACHE_DIR", fresh.resolve("jbang").toString(), "LITELLM_AOT_CACHE", "off");
                List<String> jbang = List.of(REPO.resolve("jbang").toString(), "-Dlitellm.script_cache=" + fresh.resolve("scripts"), "litellm.java");
                try (ProxyProcess p = ProxyProcess.start(jbang, upstream.port(), env)) {
                    table.startup("cold start to first response, ./jbang + build (ms)", List.of((double) p.awaitReady(Duration.ofMinutes(5)).toMillis()));
                }
                List<String> coldJava = new ArrayList<>();
                for (String word : java)
                    coldJava.add(word.startsWith("-XX:AOTCache=") ? "-XX:AOTCache=" + fresh.resolve("none.aot") : word);
                coldJava.add(1, "-Dlitellm.script_cache=" + fresh.resolve("scripts-java"));
                try (ProxyProcess p = ProxyProcess.start(coldJava, upstream.port(), Map.of("LITELLM_AOT_CACHE", "off"))) {
                    table.startup("cold start to first response, java alone (ms)", List.of((double) p.awaitReady(Duration.ofMinutes(2)).toMillis()));
                }
            } finally {
                deleteTree(fresh);
            }
        }

        private static List<Double> startups(Table table, List<String> launcher, FakeUpstream upstream) throws IOException {
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < STARTS; i++) {
                try (ProxyProcess p = ProxyProcess.start(launcher, upstream.port())) {
                    millis.add((double) p.awaitReady(Duration.ofMinutes(2)).toMillis());
                    // sources edited during the run make JBang compile again: that start is not a warm one
                    if (p.logContains("Building jar")) table.note("start-up run %d: JBang rebuilt litellm.java (sources changed)", i + 1);
                }
            }
            return millis;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Features on: a second proxy with this wave's features configured together, against the plain one.

    static final class Features {
        static final String CALLBACK = """
                // the bench's callback script: a call's log reaches it, and it does nothing with it
                void onSuccess(CallLog call) { }
                void onFailure(CallLog call) { }
                """;

        static final String MASTER_KEY = "sk-bench-master";

        /**
         * Non-stream c=8 through a proxy with virtual keys (a key of its own on every request, the keys in an H2 file),
         * the access log, Prometheus, a callback script and (when redis-server is installed) the Redis-shared router,
         * against the plain proxy, interleaved in half cells, twice, so that both see the same machine.
         */
        static void measure(Table table, FakeUpstream upstream, ProxyProcess plain, Duration cell) throws IOException {
            Path dir = Files.createTempDirectory("bench-features");
            Files.createDirectories(dir.resolve("callbacks"));
            Files.writeString(dir.resolve("callbacks/bench_callback.groovy"), CALLBACK);
            List<String> on = new ArrayList<>(List.of("virtual keys", "the access log", "Prometheus", "a callback script"));
            StringBuilder config = new StringBuilder("""
                    model_list:
                      - model_name: fake
                        litellm_params: {model: openai/fake, api_base: "http://127.0.0.1:%d/v1", api_key: sk-bench}
                    litellm_settings:
                      callbacks: ["prometheus", "bench_callback.proxy_handler_instance"]
                    general_settings:
                      master_key: %s
                      database_url: "jdbc:h2:file:%s;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                    """.formatted(upstream.port(), MASTER_KEY, dir.resolve("keys")));
            Redis redis = Redis.start(dir, table);
            if (redis != null) {
                config.append("router_settings:\n  redis_host: 127.0.0.1\n  redis_port: ").append(redis.port()).append('\n');
                on.add("the Redis-shared router");
            }
            Files.writeString(dir.resolve("config.yaml"), config);
            table.note("features on: %s; the plain proxy writes no access lines (LITELLM_LOG=WARNING), as nginx here", String.join(", ", on));
            try (ProxyProcess features = ProxyProcess.start(ProxyProcess.jbangLauncher(), upstream.port(),
                    Map.of("LITELLM_CALLBACKS", dir.resolve("callbacks").toString(), "LITELLM_LOG", "INFO"), null,
                    List.of("--config", dir.resolve("config.yaml").toString()))) {
                KEYS.put(features.port, MASTER_KEY); // until it has a key of its own to give
                log("proxy with features on answered after " + features.awaitReady(Duration.ofMinutes(2)).toMillis() + " ms; warm-up");
                KEYS.put(features.port, virtualKey(features.port, "{\"key_alias\":\"bench\"}"));
                Target off = new Target("proxy", plain.port), with = new Target("features", features.port);
                FullRun.warmUp(with, ProcessHandle.current().pid(), features.appPid());
                log("features on against off, non-stream c=8, interleaved");
                List<Double> offRates = new ArrayList<>(), onRates = new ArrayList<>();
                Duration half = cell.dividedBy(2);
                for (int round = 0; round < 2; round++) {
                    offRates.add(FullRun.wholeAnswers(off, Kind.COMPLETION, 8, half).perSecond());
                    onRates.add(FullRun.wholeAnswers(with, Kind.COMPLETION, 8, half).perSecond());
                }
                double offMean = FullRun.mean(offRates), onMean = FullRun.mean(onRates);
                table.versus("features on vs off, non-stream c=8 req/s", offMean, onMean);
                table.note("row \"features on vs off\": the direct column is the plain proxy, the proxy column the one with %s "
                        + "(req/s per round: off %s, on %s)", String.join(", ", on), offRates, onRates);
                table.targets.check(Targets.FEATURES, onMean >= 0.85 * offMean, "%,.0f against %,.0f req/s (%.0f %%; %s)", onMean, offMean,
                        100 * onMean / offMean, String.join(", ", on));
            } finally {
                if (redis != null) redis.process().destroy();
                deleteTree(dir);
            }
        }

        /** A key of its own from /key/generate, with the master key; {@code json}: the body of /key/generate. */
        static String virtualKey(int port, String json) throws IOException {
            byte[] body = json.getBytes(UTF_8);
            String head = "POST /key/generate HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\nAuthorization: Bearer "
                    + MASTER_KEY + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            try (Socket socket = new Socket(LOOPBACK, port)) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(head.getBytes(US_ASCII));
                socket.getOutputStream().write(body);
                InputStream in = new BufferedInputStream(socket.getInputStream());
                Http.Head h = Http.readHead(in);
                String answer = h == null ? "" : new String(Http.readWholeBody(in, h, false), UTF_8);
                java.util.regex.Matcher key = java.util.regex.Pattern.compile("\"key\"\\s*:\\s*\"(sk-[^\"]+)\"").matcher(answer);
                if (h == null || h.status() != 200 || !key.find()) throw new IOException("/key/generate answered " + (h == null ? "nothing" : h.status() + ": " + answer));
                return key.group(1);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Issue 23: what a virtual key costs a call, against the master key on the same proxy.

    static final class KeyCost {
        /** Every limit a key can have, set far above what the bench sends: each is checked, none is crossed. */
        static final String KEY = "{\"key_alias\":\"bench-limits\",\"models\":[\"fake\"],\"max_budget\":1000000,\"budget_duration\":\"30d\","
                + "\"rpm_limit\":1000000000,\"tpm_limit\":1000000000000,\"max_parallel_requests\":10000,\"metadata\":{\"bench\":true}}";
        /**
         * One proxy with a master key and the keys in an H2 file, nothing else configured; non-stream calls with the
         * master key against calls with a virtual key that has every limit (none crossed), in turns ({@link Paired}).
         */
        static void measure(Table table, FakeUpstream upstream, Duration cell) throws IOException {
            Path dir = Files.createTempDirectory("bench-keys");
            Files.writeString(dir.resolve("config.yaml"), """
                    model_list:
                      - model_name: fake
                        litellm_params: {model: openai/fake, api_base: "http://127.0.0.1:%d/v1", api_key: sk-bench}
                    general_settings:
                      master_key: %s
                      database_url: "jdbc:h2:file:%s;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                    """.formatted(upstream.port(), Features.MASTER_KEY, dir.resolve("keys")));
            try (ProxyProcess proxy = ProxyProcess.start(ProxyProcess.jbangLauncher(), upstream.port(), Map.of(), null,
                    List.of("--config", dir.resolve("config.yaml").toString()))) {
                KEYS.put(proxy.port, Features.MASTER_KEY);
                log("proxy with keys answered after " + proxy.awaitReady(Duration.ofMinutes(2)).toMillis() + " ms; warm-up");
                Target master = new Target("master key", proxy.port, Features.MASTER_KEY);
                Target virtual = new Target("virtual key", proxy.port, Features.virtualKey(proxy.port, KEY));
                log("virtual key against master key, non-stream c=1 and c=8, interleaved");
                Paired x = Paired.measure(table, "keys", master, proxy, virtual, proxy, cell);
                x.rows(table, "virtual vs master key");
                table.note("rows \"virtual vs master key\": one proxy with a master key and the keys in an H2 file; the direct column is "
                        + "the master key, the proxy column a virtual key with models, budget, rpm, tpm and parallel limits; %s", x.rounds("master", "virtual"));
                table.targets.check(Targets.VIRTUAL_KEY_C1, x.addedP50() <= 0.02, "p50 %+.3f ms (master %.3f, virtual %.3f; median of %d rounds)",
                        x.addedP50(), x.p50A(), x.p50B(), Paired.ROUNDS);
                table.targets.check(Targets.VIRTUAL_KEY_C8, x.rateB() >= 0.95 * x.rateA(), "%,.0f against %,.0f req/s (%.1f %%; median of %d rounds)",
                        x.rateB(), x.rateA(), 100 * x.rateB() / x.rateA(), Paired.ROUNDS);
            } finally {
                deleteTree(dir);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Two targets in turns: non-stream c=1 p50 and c=8 req/s, the medians of the rounds.

    /**
     * The figures of targets A and B measured in turns on the same machine: {@link #ROUNDS} rounds of quarter cells
     * (wrk: a second at least), c=1 then c=8, which of the two goes first alternating; medians of the rounds, and the
     * proxies' CPU per request at c=8 (less swayed by other load on the machine than latency is).
     */
    record Paired(List<Double> p50sA, List<Double> p50sB, List<Double> ratesA, List<Double> ratesB, List<Double> cpusA, List<Double> cpusB) {
        static final int ROUNDS = 8;
        /**
         * Full load, then the longest wait for the JIT, in each side's warm-up. A proxy with more features on has more
         * of its code to compile: with the full run's 5 s and 20 s, the service part's proxy with Prometheus, access
         * lines and the Redis router was still compiling through its first rounds (its c=8 rate rose round by round,
         * 8,900 to 11,300 req/s by hand, where the plain one's stayed at 11,700-12,200), so the rounds measured the
         * compiler. What the targets ask is the cost once both run at their pace.
         */
        static final Duration FULL_LOAD = Duration.ofSeconds(20), SETTLE_LIMIT = Duration.ofSeconds(60);

        /** Both warmed up first (their warm-ups noted), then measured. */
        static Paired measure(Table table, String what, Target a, ProxyProcess proxyA, Target b, ProxyProcess proxyB, Duration cell) {
            long bench = ProcessHandle.current().pid();
            table.note("%s", FullRun.warmUp(a, FULL_LOAD, SETTLE_LIMIT, bench, proxyA.appPid()));
            table.note("%s", FullRun.warmUp(b, FULL_LOAD, SETTLE_LIMIT, bench, proxyB.appPid()));
            Duration part = cell.dividedBy(2);
            Paired x = new Paired(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int round = 0; round < ROUNDS; round++) {
                for (int c : new int[] {1, 8}) {
                    for (Target t : round % 2 == 0 ? List.of(a, b) : List.of(b, a)) {
                        ProxyProcess proxy = t == a ? proxyA : proxyB;
                        long cpu = proxy.cpuMillis();
                        Throughput r = FullRun.wholeAnswers(t, Kind.COMPLETION, c, part);
                        if (r.problem() != null) table.note("%s, %s c=%d, first error: %s", what, t.name(), c, r.problem());
                        if (c == 1) (t == a ? x.p50sA : x.p50sB).add(r.p50Ms());
                        else {
                            (t == a ? x.ratesA : x.ratesB).add(r.perSecond());
                            (t == a ? x.cpusA : x.cpusB).add((proxy.cpuMillis() - cpu) / (double) Math.max(1, r.ok()));
                        }
                    }
                }
            }
            return x;
        }

        double p50A() { return median(p50sA); }
        double p50B() { return median(p50sB); }
        double rateA() { return median(ratesA); }
        double rateB() { return median(ratesB); }
        double cpuA() { return median(cpusA); }
        double cpuB() { return median(cpusB); }
        double addedP50() { return p50B() - p50A(); }

        /** The table's three rows, A in the direct column, B in the proxy's. */
        void rows(Table table, String what) {
            table.versus(what + ", non-stream c=1 p50 (ms)", p50A(), p50B());
            table.versus(what + ", non-stream c=8 req/s", rateA(), rateB());
            table.versus(what + ", proxy CPU per request c=8 (ms)", cpuA(), cpuB());
        }

        /** The rounds' figures, for a note. */
        String rounds(String nameA, String nameB) {
            return String.format(Locale.ROOT, "medians of %d rounds (per round: c=1 p50 ms %s %s, %s %s; c=8 req/s %s %s, %s %s; "
                    + "CPU ms per request %s %s, %s %s)", ROUNDS, nameA, rounded(p50sA), nameB, rounded(p50sB), nameA, rounded(ratesA),
                    nameB, rounded(ratesB), nameA, rounded(cpusA), nameB, rounded(cpusB));
        }

        static double median(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        static List<String> rounded(List<Double> values) {
            return values.stream().map(v -> String.format(Locale.ROOT, v < 10 ? "%.3f" : "%,.0f", v)).toList();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Issue 22's features on: Prometheus, the access log and the Redis-shared router, against the plain proxy.

    static final class ServiceCost {
        /**
         * Two proxies with the same model list: one with {@code callbacks: ["prometheus"]}, access lines
         * (LITELLM_LOG=INFO) and, when redis-server is installed, {@code router_settings.redis_host/port}; the other
         * with none of them (LITELLM_LOG=WARNING: no access lines), in turns ({@link Paired}). The run's plain proxy,
         * started with --model and no config, would not do: a config's model list is not what the features cost.
         */
        static void measure(Table table, FakeUpstream upstream, Duration cell) throws IOException {
            Path dir = Files.createTempDirectory("bench-service");
            List<String> on = new ArrayList<>(List.of("Prometheus", "the access log"));
            String models = """
                    model_list:
                      - model_name: fake
                        litellm_params: {model: openai/fake, api_base: "http://127.0.0.1:%d/v1", api_key: sk-bench}
                    """.formatted(upstream.port());
            StringBuilder features = new StringBuilder(models).append("litellm_settings:\n  callbacks: [\"prometheus\"]\n");
            Redis redis = Redis.start(dir, table);
            if (redis != null) {
                features.append("router_settings:\n  redis_host: 127.0.0.1\n  redis_port: ").append(redis.port()).append('\n');
                on.add("the Redis-shared router");
            }
            Files.writeString(dir.resolve("off.yaml"), models);
            Files.writeString(dir.resolve("on.yaml"), features);
            // one after the other: two JBang builds of a changed library at once break each other
            try (ProxyProcess plain = ProxyProcess.start(ProxyProcess.jbangLauncher(), upstream.port(), Map.of(), null,
                    List.of("--config", dir.resolve("off.yaml").toString()))) {
                log("proxy without features answered after " + plain.awaitReady(Duration.ofMinutes(2)).toMillis() + " ms");
                measure(table, upstream, plain, dir, on, cell);
            } finally {
                if (redis != null) redis.process().destroy();
                deleteTree(dir);
            }
        }

        private static void measure(Table table, FakeUpstream upstream, ProxyProcess plain, Path dir, List<String> on, Duration cell) throws IOException {
            try (ProxyProcess service = ProxyProcess.start(ProxyProcess.jbangLauncher(), upstream.port(), Map.of("LITELLM_LOG", "INFO"), null,
                    List.of("--config", dir.resolve("on.yaml").toString()))) {
                log("proxy with Prometheus, access log and Redis router answered after " + service.awaitReady(Duration.ofMinutes(2)).toMillis() + " ms");
                Target off = new Target("off", plain.port), with = new Target("on", service.port);
                log("service features on against off, non-stream c=1 and c=8, in turns");
                Paired x = Paired.measure(table, "service", off, plain, with, service, cell);
                x.rows(table, "issue 22 features on vs off");
                table.note("rows \"issue 22 features on vs off\": two proxies with the same model list; the direct column is the one "
                        + "without features (no access lines), the proxy column the one with %s; %s", String.join(", ", on), x.rounds("off", "on"));
                table.targets.check(Targets.SERVICE_C1, x.addedP50() <= 0.03, "p50 %+.3f ms (off %.3f, on %.3f; median of %d rounds; %s)",
                        x.addedP50(), x.p50A(), x.p50B(), Paired.ROUNDS, String.join(", ", on));
                table.targets.check(Targets.SERVICE_C8, x.rateB() >= 0.90 * x.rateA(), "%,.0f against %,.0f req/s (%.1f %%; median of %d rounds)",
                        x.rateB(), x.rateA(), 100 * x.rateB() / x.rateA(), Paired.ROUNDS);
            }
        }
    }

    /** A redis-server of the bench's own, on a free port, saving nothing. */
    record Redis(Process process, int port) {
        /** Started when redis-server is installed; null (and a note) when not. */
        static Redis start(Path dir, Table table) throws IOException {
            Path binary = Stream.of((System.getenv().getOrDefault("PATH", "") + ":/usr/sbin").split(":")).filter(d -> !d.isEmpty())
                    .map(d -> Path.of(d, "redis-server")).filter(Files::isExecutable).findFirst().orElse(null);
            if (binary == null) {
                table.note("redis-server is not installed: the features-on row has no Redis-shared router");
                return null;
            }
            int port = freePort();
            Process p = new ProcessBuilder(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (awaitListening(port, Duration.ofSeconds(5), p::isAlive)) return new Redis(p, port);
            p.destroy();
            table.note("redis-server did not start: the features-on row has no Redis-shared router");
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // A large answer: the proxy passes it through without holding it, and its memory goes back after it.

    static final class LargeAnswer {
        static final String USER = "bench-large";
        static final int SIZE = 50 << 20;
        static final int PIECE = 1000;
        static final Duration BACK_WITHIN = Duration.ofSeconds(30);
        static final long BACK_UNDER_KB = 200 * 1024;

        /** A 50 MB answer and a 50 MB stream through the proxy: its peak RSS and, after them, how soon it is back under 200 MB. */
        static void measure(Table table, ProxyProcess proxy) {
            log("a 50 MB answer and a 50 MB stream");
            AtomicLong peakKb = new AtomicLong(proxy.rssKb());
            String problem = null;
            for (boolean stream : new boolean[] {false, true}) {
                String p = exchange(proxy.port, stream, () -> peakKb.accumulateAndGet(proxy.rssKb(), Math::max));
                if (p != null) problem = (stream ? "stream: " : "answer: ") + p;
            }
            long done = System.nanoTime();
            table.proxyOnly("proxy RSS during a 50 MB answer and stream, peak sampled (MB)", peakKb.get() / 1024.0);
            table.proxyOnly("proxy RSS just after them (MB)", proxy.rssMb());
            while (proxy.rssKb() > BACK_UNDER_KB && System.nanoTime() - done < BACK_WITHIN.toNanos()) sleep(Duration.ofMillis(250));
            double seconds = (System.nanoTime() - done) / 1e9;
            table.proxyOnly("proxy RSS then, when under 200 MB or after 30 s (MB)", proxy.rssMb());
            table.proxyOnly("  seconds until it was (s)", seconds);
            if (problem != null) table.note("the 50 MB %s", problem);
        }

        /** One exchange, its body counted as it arrives (never held); null when it came whole, else what was wrong. */
        private static String exchange(int port, boolean stream, Runnable sample) {
            byte[] body = ("{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"a long one\"}],\"user\":\"" + USER + "\""
                    + (stream ? ",\"stream\":true}" : "}")).getBytes(UTF_8);
            byte[] head = ("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(US_ASCII);
            try (Socket socket = new Socket(LOOPBACK, port)) {
                socket.setSoTimeout(60_000);
                OutputStream out = socket.getOutputStream();
                out.write(head);
                out.write(body);
                out.flush();
                InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                Http.Head h = Http.readHead(in);
                if (h == null || h.status() != 200) return "HTTP " + (h == null ? "none" : h.status());
                Http.BodyReader reader = new Http.BodyReader(in, h, false);
                long bytes = 0, pieces = 0;
                byte[] last = new byte[0];
                for (byte[] piece; (piece = reader.next()) != null; ) {
                    bytes += piece.length;
                    if (++pieces % 64 == 0) sample.run();
                    last = piece;
                }
                sample.run();
                String end = new String(last, UTF_8);
                if (stream) return end.contains("data: [DONE]") && bytes > SIZE ? null : bytes + " bytes, ending " + end;
                return bytes == completionLength() ? null : bytes + " bytes instead of " + completionLength();
            } catch (IOException e) {
                return e.toString();
            }
        }

        static final byte[] START = ("{\"id\":\"chatcmpl-large\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"fake\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"").getBytes(US_ASCII);
        static final byte[] END = "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":6,\"total_tokens\":15}}".getBytes(US_ASCII);
        static final byte[] TEXT = "large ".repeat(PIECE / 6 + 1).substring(0, PIECE).getBytes(US_ASCII);

        static long completionLength() {
            return START.length + (long) (SIZE / PIECE) * PIECE + END.length;
        }

        /** The fake upstream's side: the answer made as it is sent. */
        static void respond(boolean stream, OutputStream out) throws IOException {
            if (!stream) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + completionLength() + "\r\n\r\n").getBytes(US_ASCII));
                out.write(START);
                for (int i = 0; i < SIZE / PIECE; i++) out.write(TEXT);
                out.write(END);
                return;
            }
            out.write(FakeUpstream.STREAM_HEAD);
            byte[] event = FakeUpstream.chunk("data: {\"id\":\"chatcmpl-large\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"fake\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + new String(TEXT, US_ASCII) + "\"},\"finish_reason\":null}]}\n\n");
            for (int i = 0; i < SIZE / PIECE; i++) out.write(event);
            out.write(FakeUpstream.chunk("data: [DONE]\n\n"));
            out.write(FakeUpstream.LAST_CHUNK);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // --soak: a fixed request rate through the proxy for a long time, to see whether memory creeps.

    // ---------------------------------------------------------------------------------------------
    // --eval RUNS: the eval workbench's own cost, 1,000 items x 2 models on the offline model, as a user runs it.

    static final class EvalBench {
        static final int ITEMS = 1000;

        static void run(int runs) throws Exception {
            Path dir = Files.createTempDirectory("bench-eval");
            Path data = dir.resolve("items.jsonl");
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < ITEMS; i++) items.append(String.format(Locale.ROOT, "{\"id\": \"q%d\", \"input\": \"What is %d + %d?\", \"expected\": \"%d\"}%n", i, i, i, 2 * i));
            Files.writeString(data, items);
            // the answer cache of these runs, apart from the user's (compiled scripts too: the first run compiles them)
            Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString());
            List<String> eval = List.of(REPO.resolve("jbang").toString(), "scripts/eval.java", "--models", "offline/echo,offline/echo-2",
                    "--data", data.toString(), "--concurrency", "8", "--progress", "off", "--out", dir.resolve("out").toString());
            log("eval: a first run builds the script and compiles the offline provider");
            time(eval, env);
            List<Double> calls = new ArrayList<>(), inApp = new ArrayList<>(), cached = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                List<String> noCache = new ArrayList<>(eval);
                noCache.add("--no-cache");
                calls.add(time(noCache, env));
                inApp.add(Double.parseDouble(Files.readString(dir.resolve("out/summary.json")).replaceFirst("(?s).*\"seconds\":([0-9.]+).*", "$1")));
                cached.add(time(eval, env)); // every answer from the answer cache the first run filled
                log(String.format(Locale.ROOT, "eval run %d: %.2f s wall (%.2f s in the eval), %.2f s from the cache", r + 1, calls.getLast(), inApp.getLast(), cached.getLast()));
            }
            System.out.println();
            System.out.println("| scripts/eval.java, " + ITEMS + " items x 2 models, offline/echo, concurrency 8 | median | min | max |");
            System.out.println("|---|---|---|---|");
            row("wall, ./jbang to exit, --no-cache (s)", calls);
            row("of which the eval's own run, dataset to report (s)", inApp);
            row("wall, every answer from the answer cache (s)", cached);
            System.out.println(String.format(Locale.ROOT, "%ncores: %d; load average before: %.1f", Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        }

        /** Seconds from start to exit of the command. */
        static double time(List<String> command, Map<String, String> env) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().putAll(env);
            long start = System.nanoTime();
            int exit = pb.start().waitFor();
            if (exit != 0) throw new IllegalStateException("eval exited " + exit + ": " + command);
            return (System.nanoTime() - start) / 1e9;
        }

        static void row(String name, List<Double> seconds) {
            List<Double> sorted = seconds.stream().sorted().toList();
            System.out.println(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |", name, sorted.get(sorted.size() / 2), sorted.getFirst(), sorted.getLast()));
        }
    }

    static final class Soak {
        static final Duration REPORT_EVERY = Duration.ofSeconds(10);
        static final int MAX_IN_FLIGHT = 2000; // an open loop must not pile up without bound if the proxy stalls

        /** Issue 24's mix, each a wrk of its own for the whole soak: non-streamed c=4, instant streams c=4, paced streams c=32. */
        static final List<Map.Entry<Kind, Integer>> MIX = List.of(Map.entry(Kind.COMPLETION, 4), Map.entry(Kind.STREAM_INSTANT, 4), Map.entry(Kind.STREAM_PACED, 32));
        static final Duration IDLE = Duration.ofSeconds(60);

        static void run(Options o) throws Exception {
            if (o.rate() <= 0 && !Wrk.available()) {
                System.err.println("bench: --soak runs its mix with wrk, which is not installed; give --rate N for a fixed rate from this JVM");
                System.exit(2);
            }
            try (FakeUpstream upstream = new FakeUpstream();
                 ProxyProcess proxy = ProxyProcess.start(ProxyProcess.jbangLauncher(), upstream.port())) {
                proxy.awaitReady(Duration.ofMinutes(5));
                Target via = new Target("proxy", proxy.port);
                log(FullRun.warmUp(via, ProcessHandle.current().pid(), proxy.appPid()));
                if (o.rate() <= 0) {
                    mix(via, o, proxy);
                    return;
                }
                log(String.format(Locale.ROOT, "soak: %.2f min at %d req/s (every 10th a paced stream), proxy pid %d",
                        o.soakMinutes(), o.rate(), proxy.appPid()));
                System.out.println("  time   requests     errors    dropped  in-flight   p50 ms   p99 ms   RSS MB   (p50/p99: non-stream, last 10 s)");
                openLoop(via, o, proxy);
                System.out.printf(Locale.ROOT, "proxy RSS after the soak: %.1f MB, VmHWM %.1f MB%n", proxy.rssMb(), proxy.peakRssMb());
            }
        }

        /**
         * Issue 24's mixed load for the soak's minutes (three wrk at once, one thread each), the proxy's RSS every 10 s,
         * then a minute idle with its RSS every 10 s; the soak target met or missed: RSS under the load at most 200 MB
         * and flat (the peak of the load's second half at most 10 MB over its first half's), under 120 MB after the minute.
         */
        private static void mix(Target via, Options o, ProxyProcess proxy) throws Exception {
            Duration length = Duration.ofMillis((long) (o.soakMinutes() * 60_000));
            log(String.format(Locale.ROOT, "soak: %.1f min of non-streamed c=4, instant streams c=4, paced streams c=32 (wrk), then %d s idle; proxy pid %d",
                    o.soakMinutes(), IDLE.toSeconds(), proxy.appPid()));
            List<CompletableFuture<Throughput>> loads = new ArrayList<>();
            ExecutorService wrks = Executors.newVirtualThreadPerTaskExecutor();
            for (var part : MIX) loads.add(CompletableFuture.supplyAsync(() -> Wrk.run(via, part.getKey(), part.getValue(), length, 1), wrks));
            System.out.println("  time   RSS MB   threads   proxy CPU % of a core (last 10 s)");
            long start = System.nanoTime();
            List<double[]> underLoad = new ArrayList<>(); // {seconds, MB}
            long cpu = proxy.cpuMillis();
            long at = start;
            while (!loads.stream().allMatch(CompletableFuture::isDone)) {
                long next = at + REPORT_EVERY.toNanos();
                while (System.nanoTime() < next && !loads.stream().allMatch(CompletableFuture::isDone)) sleep(Duration.ofMillis(200));
                if (System.nanoTime() < next) break; // the load ended between two reports
                long nowCpu = proxy.cpuMillis();
                double seconds = (System.nanoTime() - start) / 1e9;
                underLoad.add(new double[] {seconds, proxy.rssMb()});
                System.out.printf(Locale.ROOT, "%5.0fs %8.1f %9d %8.0f%n", seconds, proxy.rssMb(), proxy.statusValue("Threads:"),
                        100.0 * (nowCpu - cpu) / ((System.nanoTime() - at) / 1e6));
                cpu = nowCpu;
                at = System.nanoTime();
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "%-16s %6s %12s %8s %9s %9s%n", "load", "conns", "requests", "errors", "p50 ms", "p99 ms");
            for (int i = 0; i < MIX.size(); i++) {
                Throughput t = loads.get(i).join();
                System.out.printf(Locale.ROOT, "%-16s %6d %,12d %8d %9.2f %9.2f%s%n", MIX.get(i).getKey().name().toLowerCase(Locale.ROOT), MIX.get(i).getValue(),
                        t.ok(), t.errors(), t.p50Ms(), t.p99Ms(), t.problem() == null ? "" : "  (" + t.problem() + ")");
            }
            System.out.println();
            System.out.println("  idle   RSS MB   threads");
            long idleStart = System.nanoTime();
            double idleMb = proxy.rssMb();
            for (long s = REPORT_EVERY.toSeconds(); s <= IDLE.toSeconds(); s += REPORT_EVERY.toSeconds()) {
                sleep(Duration.ofNanos(idleStart + s * 1_000_000_000L - System.nanoTime()));
                idleMb = proxy.rssMb();
                System.out.printf(Locale.ROOT, "%5ds %8.1f %9d%n", s, idleMb, proxy.statusValue("Threads:"));
            }
            double peak = underLoad.stream().mapToDouble(r -> r[1]).max().orElse(Double.NaN);
            int half = underLoad.size() / 2;
            double firstHalf = underLoad.subList(0, half).stream().mapToDouble(r -> r[1]).max().orElse(Double.NaN);
            double secondHalf = underLoad.subList(half, underLoad.size()).stream().mapToDouble(r -> r[1]).max().orElse(Double.NaN);
            boolean flat = !(secondHalf > firstHalf + 10);
            Targets targets = new Targets();
            targets.check(Targets.SOAK, peak <= 200 && flat && idleMb < 120,
                    "%.1f min: RSS under load peak %.1f MB (first half %.1f, second half %.1f: %s), after %d s idle %.1f MB",
                    o.soakMinutes(), peak, firstHalf, secondHalf, flat ? "flat" : "rising", IDLE.toSeconds(), idleMb);
            targets.printOnly(Targets.SOAK);
        }

        private static void openLoop(Target target, Options o, ProxyProcess proxy) throws InterruptedException {
            long periodNanos = (long) (1e9 / o.rate());
            long start = System.nanoTime();
            long end = start + (long) (o.soakMinutes() * 60e9);
            long maxRequests = (long) (o.rate() * o.soakMinutes() * 60) + 1;
            Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
            ConnectionPool pool = new ConnectionPool(target.port());
            Window window = new Window();
            var reporter = Executors.newSingleThreadScheduledExecutor();
            reporter.scheduleAtFixedRate(() -> window.report(start, MAX_IN_FLIGHT - inFlight.availablePermits(), proxy.rssMb()),
                    REPORT_EVERY.toNanos(), REPORT_EVERY.toNanos(), TimeUnit.NANOSECONDS);
            try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
                for (long i = 0; i < maxRequests; i++) {
                    long at = start + i * periodNanos;
                    if (at >= end) break;
                    LockSupport.parkNanos(at - System.nanoTime());
                    if (!inFlight.tryAcquire()) {
                        window.dropped.incrementAndGet();
                        continue;
                    }
                    Kind kind = i % 10 == 9 ? Kind.STREAM_PACED : Kind.COMPLETION;
                    requests.submit(() -> {
                        try {
                            window.record(kind, pool.exchange(kind));
                        } finally {
                            inFlight.release();
                        }
                    });
                }
            } finally {
                reporter.shutdownNow();
                reporter.awaitTermination(5, TimeUnit.SECONDS);
                pool.close();
            }
            window.report(start, 0, proxy.rssMb());
        }

        /** Counts and latencies since the last report. */
        static final class Window {
            final AtomicLong requests = new AtomicLong();
            final AtomicLong errors = new AtomicLong();
            final AtomicLong dropped = new AtomicLong();
            private Samples latencies = new Samples();
            private String problem;

            synchronized void record(Kind kind, Exchange x) {
                requests.incrementAndGet();
                if (!x.ok()) {
                    errors.incrementAndGet();
                    problem = x.problem();
                } else if (!kind.stream) {
                    latencies.add(x.totalNanos()); // a paced stream lasts 400 ms by design: not a latency
                }
            }

            void report(long start, int inFlight, double rssMb) {
                Samples s;
                String p;
                synchronized (this) {
                    s = latencies;
                    latencies = new Samples();
                    p = problem;
                    problem = null;
                }
                System.out.printf(Locale.ROOT, "%5.0fs %10d %10d %10d %10d %8.2f %8.2f %8.1f%n", (System.nanoTime() - start) / 1e9,
                        requests.get(), errors.get(), dropped.get(), inFlight, s.percentileMs(0.50), s.percentileMs(0.99), rssMb);
                if (p != null) System.out.println("       last error: " + p);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // --live-edits SECONDS: non-stream c=8 (wrk) for SECONDS without edits, then as long while the provider script
    // that serves it is edited ten times (one edit broken, the next mending it) and the config five times.

    static final class LiveEdits {
        static final int SCRIPT_EDITS = 10, BROKEN_EDIT = 4, CONFIG_EDITS = 5, CONCURRENCY = 8;
        static final String CONFIG = """
                model_list:
                  - model_name: fake
                    litellm_params: {model: openai/fake, api_base: "http://127.0.0.1:%d/v1", api_key: sk-bench}
                router_settings:
                  num_retries: %d
                """;

        static void run(int seconds) throws Exception {
            if (!Wrk.available()) {
                System.err.println("bench --live-edits: needs wrk on the PATH");
                System.exit(2);
            }
            Duration each = Duration.ofSeconds(seconds);
            Path dir = Files.createTempDirectory("bench-live-edits");
            Path config = dir.resolve("config.yaml");
            String script = Files.readString(REPO.resolve("providers/openai.groovy"));
            String run = Long.toHexString(System.nanoTime()); // every edit's text is new: compiled, never from the disk cache
            try (FakeUpstream upstream = new FakeUpstream()) {
                Files.writeString(config, CONFIG.formatted(upstream.port(), 0));
                try (ProxyProcess proxy = ProxyProcess.start(ProxyProcess.jbangLauncher(), upstream.port(), Map.of(), null,
                        List.of("--config", config.toString()))) {
                    Path override = proxy.providers.resolve("openai.groovy"); // the user's folder: it overrides the built-in script
                    Files.writeString(override, script + "\n// bench " + run + " edit 0\n");
                    log("proxy answered after " + proxy.awaitReady(Duration.ofMinutes(5)).toMillis() + " ms; warm-up");
                    Target via = new Target("proxy", proxy.port);
                    log(FullRun.warmUp(via, ProcessHandle.current().pid(), proxy.appPid()));
                    log("without edits: wrk c=" + CONCURRENCY + " for " + seconds + " s");
                    Throughput quiet = Wrk.run(via, Kind.COMPLETION, CONCURRENCY, each);
                    log("with edits: wrk c=" + CONCURRENCY + " for " + seconds + " s; " + SCRIPT_EDITS + " script edits, " + CONFIG_EDITS + " config edits");
                    var editor = Thread.ofPlatform().start(() -> edit(each, override, script, run, config, upstream.port()));
                    Throughput edited = Wrk.run(via, Kind.COMPLETION, CONCURRENCY, each);
                    editor.join();
                    report(seconds, quiet, edited, proxy.logTail());
                }
            } finally {
                deleteTree(dir);
            }
        }

        /** The edits, spread over {@code span}: the script's at even steps, the config's at others. */
        private static void edit(Duration span, Path override, String script, String run, Path config, int upstreamPort) {
            long start = System.nanoTime(), step = span.toNanos() / (SCRIPT_EDITS + 1);
            long configStep = span.toNanos() / (CONFIG_EDITS + 1);
            int scripts = 0, configs = 0;
            while (scripts < SCRIPT_EDITS || configs < CONFIG_EDITS) {
                long nextScript = scripts < SCRIPT_EDITS ? start + (scripts + 1) * step : Long.MAX_VALUE;
                long nextConfig = configs < CONFIG_EDITS ? start + (configs + 1) * configStep + step / 2 : Long.MAX_VALUE;
                LockSupport.parkNanos(Math.min(nextScript, nextConfig) - System.nanoTime());
                try {
                    if (nextScript <= nextConfig) {
                        scripts++;
                        String tail = scripts == BROKEN_EDIT + 1 ? "\ndef broken( {\n" : "\n";
                        write(override, script + "\n// bench " + run + " edit " + scripts + tail);
                    } else {
                        configs++;
                        write(config, CONFIG.formatted(upstreamPort, configs));
                    }
                } catch (IOException e) {
                    log("an edit failed: " + e);
                }
            }
        }

        /** Writes a file whole and moves its time on: two edits within one clock tick must still be two. */
        private static void write(Path file, String text) throws IOException {
            Files.writeString(file, text);
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        }

        private static void report(int seconds, Throughput quiet, Throughput edited, String logTail) {
            System.out.println();
            System.out.printf(Locale.ROOT, "| non-stream c=%d, wrk %d s | req/s | p50 ms | p99 ms | max ms | errors |%n", CONCURRENCY, seconds);
            System.out.println("|---|---|---|---|---|---|");
            for (var row : List.of(Map.entry("without edits", quiet), Map.entry("with " + SCRIPT_EDITS + " script and " + CONFIG_EDITS + " config edits", edited)))
                System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %.1f | %d |%n", row.getKey(), row.getValue().perSecond(),
                        row.getValue().p50Ms(), row.getValue().p99Ms(), row.getValue().maxMs(), row.getValue().errors());
            System.out.println("the broken edit " + (logTail.contains("keeps serving") ? "was reported, the last good version serving" : "was NOT reported"));
            Targets targets = new Targets();
            if (!(quiet.p99Ms() > 0) || !(edited.p99Ms() > 0))
                targets.unmeasured(Targets.LIVE_EDITS, "no figure: " + quiet.problem() + " / " + edited.problem());
            else // an error while editing (a request the broken edit failed) misses it too
                targets.check(Targets.LIVE_EDITS, edited.p99Ms() <= 2 * quiet.p99Ms() && edited.errors() == 0,
                        "p99 %.2f ms with edits, %.2f without (%.1fx); max %.0f / %.0f ms; %d errors with edits",
                        edited.p99Ms(), quiet.p99Ms(), edited.p99Ms() / quiet.p99Ms(), edited.maxMs(), quiet.maxMs(), edited.errors());
            targets.print();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // --chaos: the proxy under load against an upstream that fails a third of its calls and hangs on another
    // third. What matters is not speed but that nothing sticks: no request outlives request_timeout by much,
    // and the proxy's memory, threads and file descriptors come back to where they were.

    static final class Chaos {
        static final int CONCURRENCY = 64;
        static final int REQUEST_TIMEOUT_SECONDS = 2;
        /** Past request_timeout: the deadline sweep's tick, the answer's write, a loaded machine. */
        static final Duration HANG = Duration.ofSeconds(REQUEST_TIMEOUT_SECONDS + 2);
        static final Duration SETTLE = Duration.ofSeconds(10);

        static void run(Options o) throws Exception {
            try (FakeUpstream upstream = new FakeUpstream();
                 ProxyProcess proxy = ProxyProcess.start(ProxyProcess.jbangLauncher(), upstream.port(), Map.of(), "openai/fake",
                         List.of("--request_timeout", String.valueOf(REQUEST_TIMEOUT_SECONDS)))) {
                proxy.awaitReady(Duration.ofMinutes(5));
                Target via = new Target("proxy", proxy.port);
                Load.closedLoop(via, Kind.COMPLETION, 8, Duration.ofSeconds(3)); // warm: classes loaded, the pools filled
                sleep(Duration.ofSeconds(2));
                Resources before = Resources.of(proxy);
                upstream.alternateFaults();
                log(String.format(Locale.ROOT, "chaos: %.0f s at concurrency %d, the upstream answering ok, 500, hang in turn, request_timeout %d s, proxy pid %d",
                        o.chaosSeconds(), CONCURRENCY, REQUEST_TIMEOUT_SECONDS, proxy.appPid()));
                Outcomes outcomes = load(via, Duration.ofMillis((long) (o.chaosSeconds() * 1000)));
                log("load done; settling " + SETTLE.toSeconds() + " s");
                sleep(SETTLE);
                Resources after = Resources.of(proxy);
                outcomes.print(o.chaosSeconds());
                System.out.printf(Locale.ROOT, "%-28s %10s %10s%n", "proxy", "before", "after");
                System.out.printf(Locale.ROOT, "%-28s %10.1f %10.1f%n", "RSS (MB)", before.rssMb(), after.rssMb());
                System.out.printf(Locale.ROOT, "%-28s %10d %10d%n", "threads", before.threads(), after.threads());
                System.out.printf(Locale.ROOT, "%-28s %10d %10d%n", "file descriptors", before.fds(), after.fds());
                System.out.printf(Locale.ROOT, "%-28s %10s %10d%n", "upstream calls still hanging", "", upstream.hanging());
                System.out.printf(Locale.ROOT, "peak RSS (VmHWM): %.1f MB; load average %s%n", proxy.peakRssMb(), Table.loadAverage());
            }
        }

        /** What the proxy holds, from /proc/PID. */
        record Resources(double rssMb, long threads, long fds) {
            static Resources of(ProxyProcess p) {
                return new Resources(p.rssMb(), p.statusValue("Threads:"), p.fileDescriptors());
            }
        }

        /** Closed loop: each worker sends its next request when the last one ends, every 4th a stream. */
        private static Outcomes load(Target t, Duration duration) {
            Outcomes outcomes = new Outcomes();
            long deadline = System.nanoTime() + duration.toNanos();
            try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < CONCURRENCY; w++)
                    workers.submit(() -> {
                        for (int i = 0; System.nanoTime() < deadline; i++) {
                            Kind kind = i % 4 == 3 ? Kind.STREAM_INSTANT : Kind.COMPLETION;
                            long start = System.nanoTime();
                            Exchange x;
                            try (Conn conn = new Conn(t.port())) { // a fresh connection: a hung one is never reused
                                x = conn.post(kind, t.port());
                            } catch (IOException e) {
                                x = Exchange.failed(e.toString());
                            }
                            outcomes.record(x, System.nanoTime() - start);
                        }
                    });
            }
            return outcomes;
        }

        /** Statuses, hangs (requests that took longer than {@link #HANG}) and the slowest one. */
        static final class Outcomes {
            private final Map<String, Integer> statuses = new java.util.TreeMap<>();
            private int requests, hangs;
            private long slowestNanos;
            private String failure;

            synchronized void record(Exchange x, long nanos) {
                requests++;
                statuses.merge(x.status() == 0 ? "no answer" : String.valueOf(x.status()), 1, Integer::sum);
                if (nanos > HANG.toNanos()) hangs++;
                slowestNanos = Math.max(slowestNanos, nanos);
                if (x.status() == 0 && failure == null) failure = x.problem();
            }

            synchronized void print(double seconds) {
                System.out.printf(Locale.ROOT, "requests: %d (%.0f/s); hangs (over %d s): %d; slowest: %.2f s%n",
                        requests, requests / seconds, HANG.toSeconds(), hangs, slowestNanos / 1e9);
                System.out.println("statuses: " + statuses);
                if (failure != null) System.out.println("first request without an answer: " + failure);
            }
        }
    }

    /** Keep-alive connections shared by the open loop's requests. */
    static final class ConnectionPool implements Closeable {
        /**
         * A connection idle this long is closed rather than reused: the proxy's server closes idle
         * keep-alive connections after 30 s, and a request sent as it does so fails, as it would for
         * any HTTP client that kept it.
         */
        static final long MAX_IDLE_NANOS = Duration.ofSeconds(10).toNanos();
        private final int port;
        private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();

        private record Idle(Conn conn, long since) {}

        ConnectionPool(int port) {
            this.port = port;
        }

        Exchange exchange(Kind kind) {
            Conn conn = null;
            try {
                conn = reuse();
                if (conn == null) conn = new Conn(port);
                Exchange x = conn.post(kind, port);
                if (conn.reusable()) idle.addFirst(new Idle(conn, System.nanoTime()));
                else conn.close();
                return x;
            } catch (IOException e) {
                closeQuietly(conn);
                return Exchange.failed(e.toString());
            }
        }

        private Conn reuse() {
            for (Idle i; (i = idle.pollFirst()) != null; ) {
                if (System.nanoTime() - i.since() < MAX_IDLE_NANOS) return i.conn();
                closeQuietly(i.conn());
            }
            return null;
        }

        @Override
        public void close() {
            Idle i;
            while ((i = idle.pollFirst()) != null) closeQuietly(i.conn());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The proxy's start-up cache (litellm.cli.AotCache): after a build, the first start trains it in
    // a background JVM. The bench waits for that, so that it neither competes with the measurements
    // nor leaves the start-up figures without the cache users get from their second start on.

    static final class StartupCache {
        private static final String CACHE_OPTION = "-XX:AOTCache=";

        /** @return true if a training ran */
        static boolean awaitTraining(Table table, ProxyProcess proxy) {
            Path lock = lock(proxy);
            if (lock == null || !Files.exists(lock)) return false;
            log("waiting for the start-up cache training (the first start after a build)");
            long start = System.nanoTime();
            long giveUp = start + Duration.ofSeconds(90).toNanos();
            while (Files.exists(lock) && System.nanoTime() < giveUp) sleep(Duration.ofMillis(200));
            table.note("start-up cache trained for this build first (%d ms, before any measurement)", (System.nanoTime() - start) / 1_000_000);
            return true;
        }

        /** The lock a training holds: the cache file the proxy's JVM was given (litellm.java's //JAVA_OPTIONS), plus ".lock". */
        private static Path lock(ProxyProcess proxy) {
            return ProxyProcess.cmdline(proxy.appPid()).stream().filter(o -> o.startsWith(CACHE_OPTION))
                    .reduce((first, last) -> last) // the JVM takes the last one given
                    .map(o -> Path.of(o.substring(CACHE_OPTION.length()) + ".lock")).orElse(null);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // wrk, when installed, loads the non-stream cells: a C load generator takes less of the cores the
    // proxy shares than this JVM's loop, so the figures say more about the proxy.

    /** What the table shows of a non-stream cell, whichever tool measured it. */
    record Throughput(double perSecond, double p50Ms, double p99Ms, double maxMs, int ok, int errors, String problem) {
        static Throughput of(LoadResult r) {
            return new Throughput(r.perSecond(), r.total().percentileMs(0.50), r.total().percentileMs(0.99), r.total().percentileMs(1),
                    r.ok(), r.errors(), r.problem());
        }

        static Throughput failed(String problem) {
            return new Throughput(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, problem);
        }
    }

    static final class Wrk {
        /** Prints one line the bench parses: requests, errors, seconds, p50, p99 and max in ms. */
        private static final String REPORT = """
                wrk.method = "POST"
                wrk.body = '%s'
                wrk.headers["Content-Type"] = "application/json"
                done = function(summary, latency, requests)
                  local e = summary.errors
                  io.write(string.format("RESULT %%d %%d %%.6f %%.4f %%.4f %%.4f\\n", summary.requests,
                    e.connect + e.read + e.write + e.status + e.timeout, summary.duration / 1e6,
                    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
                end
                """;

        static boolean available() {
            String path = System.getenv("PATH");
            return path != null && Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, "wrk")));
        }

        static Throughput run(Target t, Kind kind, int concurrency, Duration duration) {
            return run(t, kind, concurrency, duration, Math.min(2, concurrency));
        }

        static Throughput run(Target t, Kind kind, int concurrency, Duration duration, int threads) {
            Path script = null;
            try {
                script = Files.createTempFile("bench-wrk", ".lua");
                String key = t.bearer();
                Files.writeString(script, REPORT.formatted(new String(kind.body, UTF_8))
                        + (key == null ? "" : "wrk.headers[\"Authorization\"] = \"Bearer " + key + "\"\n"));
                long seconds = Math.max(1, Math.round(duration.toMillis() / 1000.0));
                // wrk's own timeout (2 s) would count a paced stream slowed by a loaded machine as an error
                Process p = new ProcessBuilder("wrk", "-t" + threads, "-c" + concurrency, "-d" + seconds + "s", "--timeout", "10s",
                        "-s", script.toString(), "http://127.0.0.1:" + t.port() + kind.path).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), UTF_8);
                p.waitFor();
                for (String line : output.split("\n")) {
                    if (!line.startsWith("RESULT ")) continue;
                    String[] f = line.split(" ");
                    int requests = Integer.parseInt(f[1]);
                    int errors = Integer.parseInt(f[2]);
                    double secs = Double.parseDouble(f[3]);
                    return new Throughput((requests - errors) / secs, Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                            Double.parseDouble(f[6]), requests - errors, errors, errors > 0 ? "wrk counted " + errors + " errors" : null);
                }
                return Throughput.failed("wrk printed no result: " + output.strip());
            } catch (IOException | RuntimeException e) {
                return Throughput.failed("wrk failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Throughput.failed("interrupted");
            } finally {
                if (script != null) script.toFile().delete();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // nginx as a plain reverse proxy in front of the same fake upstream: the floor under any gateway's cost on this
    // machine, measured in the same run. One worker, keep-alive to the upstream, no response buffering (streams
    // pass as they arrive), in a scratch folder of its own.

    static final class Nginx implements Closeable {
        private static final String CONFIG = """
                worker_processes 1;
                pid nginx.pid;
                error_log error.log warn;
                events { worker_connections 8192; }
                http {
                    access_log off;
                    server_tokens off;
                    keepalive_requests 10000000;
                    keepalive_timeout 120s;
                    client_body_temp_path tmp-body;
                    proxy_temp_path tmp-proxy;
                    fastcgi_temp_path tmp-fastcgi;
                    uwsgi_temp_path tmp-uwsgi;
                    scgi_temp_path tmp-scgi;
                    upstream fake { server 127.0.0.1:%d; keepalive 256; keepalive_requests 10000000; }
                    server {
                        listen 127.0.0.1:%d backlog=4096;
                        location / {
                            proxy_pass http://fake;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_buffering off;
                            proxy_request_buffering on;
                        }
                    }
                }
                """;

        final int port;
        private final NginxServer server;

        private Nginx(NginxServer server) {
            this.server = server;
            this.port = server.port();
        }

        /** nginx in front of the upstream (it ends with the bench); null when not installed or it failed. */
        static Nginx start(int upstreamPort, Table table) {
            Path nginx = NginxServer.binary();
            if (nginx == null) {
                table.note("nginx is not installed: no nginx column (Debian: apt-get install nginx-light)");
                return null;
            }
            try {
                NginxServer server = NginxServer.start(nginx, port -> CONFIG.formatted(upstreamPort, port));
                log("nginx as a reverse proxy on 127.0.0.1:" + server.port() + " (pid " + server.processes().findFirst().orElseThrow().pid() + ")");
                return new Nginx(server);
            } catch (IOException | IllegalStateException e) {
                table.note("nginx did not start: %s", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        /** CPU time of the master and its worker. */
        long cpuMillis() {
            return server.processes().mapToLong(h -> ProxyProcess.cpuMillis(Path.of("/proc/" + h.pid() + "/stat"))).sum();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Load generation: closed loops (each worker sends its next request when the last one ends) and a
    // burst (every stream at once).

    /** Where to send load; {@code key}: the key to send (null: the one {@link #KEYS} holds for the port, if any). */
    record Target(String name, int port, String key) {
        Target(String name, int port) {
            this(name, port, null);
        }

        String bearer() {
            return key != null ? key : KEYS.get(port);
        }
    }

    /**
     * The requests the bench sends. "user" is an OpenAI field the proxy passes through: it tells the fake upstream to
     * pace. The Messages ones are Anthropic's API, which the proxy translates onto the upstream's chat completions.
     */
    enum Kind {
        COMPLETION(false, PATH, "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}],\"max_tokens\":16}"),
        STREAM_INSTANT(true, PATH, "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}],\"max_tokens\":16,\"stream\":true}"),
        STREAM_PACED(true, PATH, "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}],\"max_tokens\":16,\"stream\":true,\"user\":\"" + FakeUpstream.PACED_USER + "\"}"),
        MESSAGES(false, MESSAGES_PATH, "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}],\"max_tokens\":16}"),
        MESSAGES_STREAM(true, MESSAGES_PATH, "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}],\"max_tokens\":16,\"stream\":true}"),
        /** The Responses API, which a chat-only provider serves through the translation onto chat completions. */
        RESPONSE(false, RESPONSES_PATH, "{\"model\":\"fake\",\"input\":\"Say hi\",\"max_output_tokens\":16}"),
        RESPONSE_STREAM_PACED(true, RESPONSES_PATH, "{\"model\":\"fake\",\"input\":\"Say hi\",\"max_output_tokens\":16,\"stream\":true,\"user\":\"" + FakeUpstream.PACED_USER + "\"}");

        final boolean stream;
        final String path;
        final byte[] body;
        private final Map<String, byte[]> requests = new ConcurrentHashMap<>();

        Kind(boolean stream, String path, String json) {
            this.stream = stream;
            this.path = path;
            this.body = json.getBytes(UTF_8);
        }

        boolean anthropic() {
            return path.equals(MESSAGES_PATH);
        }

        boolean responses() {
            return path.equals(RESPONSES_PATH);
        }

        /** The whole HTTP request, built once per port and key (null: none). */
        byte[] request(int port, String key) {
            return requests.computeIfAbsent(port + " " + key, k -> {
                String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                        + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                        + "Accept: " + (stream ? "text/event-stream" : "application/json") + "\r\nContent-Length: " + body.length + "\r\n\r\n";
                byte[] h = head.getBytes(US_ASCII);
                byte[] all = Arrays.copyOf(h, h.length + body.length);
                System.arraycopy(body, 0, all, h.length, body.length);
                return all;
            });
        }
    }

    /** A cell's outcome. {@code first} is the time to the first stream event (equal to total when not streaming). */
    record LoadResult(int ok, int errors, double seconds, Samples first, Samples total, String problem) {
        double perSecond() {
            return ok / seconds;
        }
    }

    static final class Load {
        static final int MAX_PER_WORKER = 1_000_000; // a bound on top of the deadline

        static LoadResult closedLoop(Target t, Kind kind, int concurrency, Duration duration) {
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            Tally tally = new Tally();
            try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < concurrency; w++)
                    workers.submit(() -> worker(t, kind, deadline, tally));
            } // close() waits for every worker
            return tally.result(System.nanoTime() - start);
        }

        private static void worker(Target t, Kind kind, long deadline, Tally tally) {
            Tally mine = new Tally();
            Conn conn = null;
            for (int i = 0; i < MAX_PER_WORKER && System.nanoTime() < deadline; i++) {
                try {
                    if (conn == null) conn = new Conn(t.port());
                    mine.record(conn.post(kind, t.port(), t.bearer()));
                    if (!conn.reusable()) {
                        conn.close();
                        conn = null;
                    }
                } catch (IOException e) {
                    mine.record(Exchange.failed(e.toString()));
                    closeQuietly(conn);
                    conn = null;
                }
            }
            closeQuietly(conn);
            tally.merge(mine);
        }

        /**
         * {@code streams} paced streams started together on fresh connections, as a crowd of clients would;
         * {@code sample} runs every 50 ms until they are done (to catch the proxy's peak RSS).
         */
        static LoadResult burst(Target t, int streams, Runnable sample) {
            Tally tally = new Tally();
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(streams);
            long start;
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < streams; i++)
                    clients.submit(() -> {
                        try {
                            go.await();
                            tally.record(oneStream(t.port()));
                        } catch (InterruptedException e) {
                            tally.record(Exchange.failed("interrupted"));
                        } finally {
                            done.countDown();
                        }
                    });
                start = System.nanoTime();
                go.countDown();
                long giveUp = start + Duration.ofSeconds(60).toNanos();
                while (done.getCount() > 0 && System.nanoTime() < giveUp) {
                    if (sample != null) sample.run();
                    try {
                        done.await(50, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                if (sample != null) sample.run();
            }
            return tally.result(System.nanoTime() - start);
        }

        /** Timed from before the connect: a full accept queue delays clients before their request is even read. */
        private static Exchange oneStream(int port) {
            long start = System.nanoTime();
            try (Conn conn = new Conn(port)) {
                long connect = System.nanoTime() - start;
                Exchange x = conn.post(Kind.STREAM_PACED, port);
                return new Exchange(x.ok(), connect + x.firstEventNanos(), connect + x.totalNanos(), x.problem(), x.status());
            } catch (IOException e) {
                return Exchange.failed(e.toString());
            }
        }
    }

    /** Collects exchanges; one per worker, merged at the end so that workers never contend. */
    static final class Tally {
        private final Samples first = new Samples();
        private final Samples total = new Samples();
        private int errors;
        private String problem;

        synchronized void record(Exchange x) {
            if (x.ok()) {
                first.add(x.firstEventNanos());
                total.add(x.totalNanos());
            } else {
                errors++;
                if (problem == null) problem = x.problem();
            }
        }

        synchronized void merge(Tally other) {
            synchronized (other) {
                first.addAll(other.first);
                total.addAll(other.total);
                errors += other.errors;
                if (problem == null) problem = other.problem;
            }
        }

        synchronized LoadResult result(long elapsedNanos) {
            return new LoadResult(total.count(), errors, elapsedNanos / 1e9, first, total, problem);
        }
    }

    /** Latencies in nanoseconds. */
    static final class Samples {
        private long[] values = new long[1024];
        private int count;

        void add(long v) {
            if (count == values.length) values = Arrays.copyOf(values, count * 2);
            values[count++] = v;
        }

        void addAll(Samples other) {
            for (int i = 0; i < other.count; i++) add(other.values[i]);
        }

        int count() {
            return count;
        }

        /** Nearest-rank percentile in milliseconds; NaN when empty. */
        double percentileMs(double q) {
            if (count == 0) return Double.NaN;
            long[] sorted = Arrays.copyOf(values, count);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(q * count) - 1;
            return sorted[Math.max(0, Math.min(count - 1, rank))] / 1e6;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // A minimal HTTP/1.1 client: keep-alive, Content-Length and chunked bodies, timings per exchange.
    // Raw sockets rather than java.net.http: on 2 cores the load generator must cost as little as possible.

    /** {@code status} is the answer's HTTP status, 0 when none came. */
    record Exchange(boolean ok, long firstEventNanos, long totalNanos, String problem, int status) {
        static Exchange failed(String problem) {
            return new Exchange(false, 0, 0, problem, 0);
        }
    }

    static final class Conn implements Closeable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean reusable = true;

        Conn(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(LOOPBACK, port), 10_000);
            socket.setSoTimeout(30_000); // bounds every read: a stuck proxy fails the exchange, not the bench
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 4096);
        }

        boolean reusable() {
            return reusable;
        }

        /** With the key {@link #KEYS} holds for the port, if any. */
        Exchange post(Kind kind, int port) throws IOException {
            return post(kind, port, KEYS.get(port));
        }

        Exchange post(Kind kind, int port, String key) throws IOException {
            boolean stream = kind.stream;
            long start = System.nanoTime();
            out.write(kind.request(port, key));
            out.flush();
            Http.Head head = Http.readHead(in);
            if (head == null) throw new EOFException("connection closed before the response");
            Http.BodyReader body = new Http.BodyReader(in, head, false);
            ByteArrayOutputStream all = new ByteArrayOutputStream(4096);
            long first = -1;
            byte[] piece;
            while ((piece = body.next()) != null) {
                all.write(piece);
                // the first complete SSE event is the first token a client could show
                if (first < 0 && stream && all.toString(ISO_8859_1).contains("\n\n")) first = System.nanoTime() - start;
            }
            long total = System.nanoTime() - start;
            reusable = !head.closes();
            String text = all.toString(UTF_8);
            String problem = kind.anthropic() ? checkMessage(head, text, stream) : kind.responses() ? checkResponse(head, text, stream)
                    : stream ? checkStream(head, text) : checkCompletion(head, text);
            return new Exchange(problem == null, first < 0 ? total : first, total, problem, head.status());
        }

        private static String checkCompletion(Http.Head head, String body) {
            if (head.status() == 200 && body.contains("\"chat.completion\"") && body.contains("Hello from the fake upstream")) return null;
            return "HTTP " + head.status() + ": " + abbreviate(body);
        }

        private static String checkStream(Http.Head head, String body) {
            int events = body.split("data: ", -1).length - 1;
            if (head.status() == 200 && events == FakeUpstream.CHUNKS + 1 && body.stripTrailing().endsWith("data: [DONE]")) return null;
            return "HTTP " + head.status() + ", " + events + " events: " + abbreviate(body);
        }

        /** An Anthropic message, or a stream of its events ending with message_stop, carrying the upstream's text. */
        private static String checkMessage(Http.Head head, String body, boolean stream) {
            boolean whole = stream ? body.contains("event: message_stop") && body.contains("\"text_delta\"") && body.contains("tok18")
                    : body.contains("\"type\":\"message\"") && body.contains("Hello from the fake upstream");
            if (head.status() == 200 && whole) return null;
            return "HTTP " + head.status() + ": " + abbreviate(body);
        }

        /** A Responses answer: the Response with the upstream's text, or the events of a stream up to response.completed. */
        private static String checkResponse(Http.Head head, String body, boolean stream) {
            boolean whole = stream ? body.contains("event: response.completed") && body.contains("tok" + (FakeUpstream.CHUNKS - 2) + " ")
                    : body.contains("\"object\":\"response\"") && body.contains("Hello from the fake upstream");
            if (head.status() == 200 && whole) return null;
            return "HTTP " + head.status() + ": " + abbreviate(body);
        }

        private static String abbreviate(String s) {
            s = s.replace("\n", "\\n");
            return s.length() <= 300 ? s : s.substring(0, 300) + "...";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static final class Http {
        /** A request's or response's first line and headers (names lower-cased). */
        record Head(String startLine, Map<String, String> headers) {
            int status() {
                String[] parts = startLine.split(" ", 3);
                return parts.length > 1 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
            }

            String target() {
                String[] parts = startLine.split(" ", 3);
                return parts.length > 1 ? parts[1] : "";
            }

            boolean chunked() {
                return headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
            }

            long contentLength() {
                String v = headers.get("content-length");
                return v == null ? -1 : Long.parseLong(v.trim());
            }

            boolean closes() {
                return headers.getOrDefault("connection", "").equalsIgnoreCase("close");
            }
        }

        /** The next head on the connection, or null when it was closed cleanly before one. */
        static Head readHead(InputStream in) throws IOException {
            String start = readLine(in);
            if (start == null) return null;
            Map<String, String> headers = new LinkedHashMap<>();
            String line;
            while ((line = readLine(in)) != null && !line.isEmpty()) {
                int colon = line.indexOf(':');
                if (colon > 0) headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            if (line == null) throw new EOFException("connection closed inside the headers");
            return new Head(start, headers);
        }

        /** A CRLF- (or LF-) ended line of ASCII; null at the end of the stream. */
        static String readLine(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                sb.append((char) b);
            }
            return sb.isEmpty() ? null : sb.toString();
        }

        static byte[] readWholeBody(InputStream in, Head head, boolean request) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            BodyReader reader = new BodyReader(in, head, request);
            byte[] piece;
            while ((piece = reader.next()) != null) all.write(piece);
            return all.toByteArray();
        }

        /** A body piece by piece as it arrives: chunks as sent, else up to 8 KB reads. */
        static final class BodyReader {
            private final InputStream in;
            private final boolean chunked;
            private long remaining; // -1: until the connection closes
            private boolean ended;
            private boolean chunkDataRead; // a chunk's data was returned, the CRLF after it not yet read

            BodyReader(InputStream in, Head head, boolean request) {
                this.in = in;
                this.chunked = head.chunked();
                long length = head.contentLength();
                // a request without a length has no body; a response without one runs to the connection's end
                this.remaining = chunked ? 0 : length >= 0 ? length : request ? 0 : -1;
            }

            byte[] next() throws IOException {
                if (ended) return null;
                return chunked ? nextChunk() : nextBytes();
            }

            private byte[] nextChunk() throws IOException {
                // The CRLF that ends a chunk's data is read only now: Jetty sends it with the next chunk,
                // so waiting for it would hold each event back until the next one arrives.
                if (chunkDataRead) {
                    readLine(in);
                    chunkDataRead = false;
                }
                String sizeLine = readLine(in);
                if (sizeLine == null) throw new EOFException("connection closed inside a chunked body");
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    String trailer;
                    do trailer = readLine(in); while (trailer != null && !trailer.isEmpty());
                    ended = true;
                    return null;
                }
                byte[] data = in.readNBytes(size);
                if (data.length < size) throw new EOFException("connection closed inside a chunk");
                chunkDataRead = true;
                return data;
            }

            private byte[] nextBytes() throws IOException {
                if (remaining == 0) {
                    ended = true;
                    return null;
                }
                byte[] buf = new byte[(int) (remaining < 0 ? 8192 : Math.min(remaining, 8192))];
                int n = in.read(buf);
                if (n < 0) {
                    if (remaining > 0) throw new EOFException("connection closed inside the body");
                    ended = true;
                    return null;
                }
                if (remaining > 0) remaining -= n;
                return n == buf.length ? buf : Arrays.copyOf(buf, n);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The fake upstream: a raw-socket HTTP/1.1 server, one virtual thread per connection, fixed answers.
    // Raw sockets keep its own cost tiny and predictable next to the proxy's.

    static final class FakeUpstream implements AutoCloseable {
        static final int CHUNKS = 20;
        static final Duration PACE = Duration.ofMillis(20);
        static final String PACED_USER = "bench-paced";
        static final byte[] COMPLETION = response("application/json", """
                {"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"fake",\
                "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the fake upstream."},"finish_reason":"stop"}],\
                "usage":{"prompt_tokens":9,"completion_tokens":6,"total_tokens":15}}""".getBytes(UTF_8));
        static final byte[] NOT_FOUND = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(US_ASCII);
        static final byte[] STREAM_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(US_ASCII);
        static final List<byte[]> EVENTS = events();
        static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(US_ASCII);

        static final byte[] SERVER_ERROR = response(500, "application/json",
                "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}".getBytes(UTF_8));

        private final ServerSocket server;
        private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
        private final AtomicInteger accepted = new AtomicInteger();
        /** --chaos: answer the calls in turn with the answer, a 500, and silence (once the proxy is up and warm). */
        private volatile boolean faults;
        private final AtomicLong calls = new AtomicLong();
        private final AtomicInteger hanging = new AtomicInteger();

        /** --upstream: the fake upstream alone, for a proxy and wrk started by hand (a paced stream: "user": "bench-paced"). */
        static void serveUntilKilled() throws Exception {
            FakeUpstream upstream = new FakeUpstream();
            System.out.println("fake upstream on 127.0.0.1:" + upstream.port() + "; paced streams: \"stream\": true, \"user\": \"" + PACED_USER + "\"");
            Thread.currentThread().join();
        }

        FakeUpstream() throws IOException {
            server = new ServerSocket(0, 4096, LOOPBACK); // a deep backlog: the burst connects all at once
            Thread.ofPlatform().daemon().name("upstream-accept").start(this::acceptLoop);
        }

        void alternateFaults() {
            faults = true;
        }

        /** Calls the upstream holds in silence now: each ends when the proxy gives up on it and closes the connection. */
        int hanging() {
            return hanging.get();
        }

        int port() {
            return server.getLocalPort();
        }

        /** Connections accepted so far: tells whether the proxy reuses its upstream connections. */
        int accepted() {
            return accepted.get();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.incrementAndGet();
                    connections.submit(() -> serve(s));
                } catch (IOException e) {
                    if (!server.isClosed()) log("fake upstream: accept failed: " + e);
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                socket.setTcpNoDelay(true);
                InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
                Http.Head head;
                while ((head = Http.readHead(in)) != null) {
                    String body = new String(Http.readWholeBody(in, head, true), UTF_8);
                    long call = faults ? calls.getAndIncrement() % 3 : 0;
                    if (call == 1) {
                        out.write(SERVER_ERROR);
                        out.flush();
                    } else if (call == 2) {
                        hangUntilClosed(in);
                        return;
                    } else {
                        respond(head, body, out);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away; nothing to clean up beyond the socket
            }
        }

        private void hangUntilClosed(InputStream in) throws IOException {
            hanging.incrementAndGet();
            try {
                while (in.read() >= 0) { /* the proxy sends nothing more: this waits for its close */ }
            } finally {
                hanging.decrementAndGet();
            }
        }

        private static void respond(Http.Head head, String body, OutputStream out) throws IOException, InterruptedException {
            if (!head.target().endsWith("/chat/completions")) {
                out.write(NOT_FOUND);
            } else if (body.contains(LargeAnswer.USER)) {
                LargeAnswer.respond(body.replace(" ", "").contains("\"stream\":true"), out);
            } else if (!body.replace(" ", "").contains("\"stream\":true")) {
                out.write(COMPLETION);
            } else {
                boolean paced = body.contains(PACED_USER);
                out.write(STREAM_HEAD);
                for (int i = 0; i < EVENTS.size(); i++) {
                    out.write(EVENTS.get(i));
                    // paced: one token every 20 ms, like a fast model; instant: the whole stream in one write
                    if (paced && i < CHUNKS) {
                        out.flush();
                        if (i < CHUNKS - 1) Thread.sleep(PACE);
                    }
                }
                out.write(LAST_CHUNK);
            }
            out.flush();
        }

        private static byte[] response(String contentType, byte[] body) {
            return response(200, contentType, body);
        }

        private static byte[] response(int status, String contentType, byte[] body) {
            byte[] head = ("HTTP/1.1 " + status + (status == 200 ? " OK" : " Error") + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(US_ASCII);
            byte[] all = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            return all;
        }

        /** CHUNKS chat.completion.chunk events then [DONE], each already framed as an HTTP chunk. */
        private static List<byte[]> events() {
            List<byte[]> events = new ArrayList<>();
            for (int i = 0; i < CHUNKS; i++) {
                String delta = i == 0 ? "{\"role\":\"assistant\",\"content\":\"tok0 \"}" : i == CHUNKS - 1 ? "{}" : "{\"content\":\"tok" + i + " \"}";
                String finish = i == CHUNKS - 1 ? "\"stop\"" : "null";
                events.add(chunk("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                        + "\"model\":\"fake\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}\n\n"));
            }
            events.add(chunk("data: [DONE]\n\n"));
            return events;
        }

        private static byte[] chunk(String event) {
            byte[] data = event.getBytes(UTF_8);
            byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(US_ASCII);
            byte[] all = Arrays.copyOf(head, head.length + data.length + 2);
            System.arraycopy(data, 0, all, head.length, data.length);
            all[all.length - 2] = '\r';
            all[all.length - 1] = '\n';
            return all;
        }

        @Override
        public void close() throws IOException {
            server.close();
            connections.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The proxy as a child process: started through ./jbang (or the java line it runs), always killed.

    /** The HotSpot JIT compiler threads of JVMs, found by the names Linux shows ("C1 CompilerThre", "C2 CompilerThre"). */
    static final class JitThreads {
        static long cpuMillis(long... pids) {
            long millis = 0;
            for (long pid : pids) {
                try (Stream<Path> threads = Files.list(Path.of("/proc/" + pid + "/task"))) {
                    for (Path thread : threads.toList())
                        if (isCompiler(thread)) millis += ProxyProcess.cpuMillis(thread.resolve("stat"));
                } catch (IOException e) {
                    // the process is gone, or this is not Linux: no compiler time to wait for
                }
            }
            return millis;
        }

        private static boolean isCompiler(Path thread) {
            try {
                return Files.readString(thread.resolve("comm")).contains("CompilerThre");
            } catch (IOException e) {
                return false;
            }
        }
    }

    static final class ProxyProcess implements AutoCloseable {
        private static final Set<ProxyProcess> RUNNING = ConcurrentHashMap.newKeySet();
        private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux the JDK supports

        static {
            // a failed or interrupted bench must not leave proxies behind
            Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(RUNNING).forEach(ProxyProcess::close)));
        }

        final Process process;
        final int port;
        private final Path log;
        private final Path providers;
        private final long startNanos;
        private long appPid = -1;

        private ProxyProcess(Process process, int port, Path log, Path providers, long startNanos) {
            this.process = process;
            this.port = port;
            this.log = log;
            this.providers = providers;
            this.startNanos = startNanos;
        }

        /** --java-options=...: more options for the proxy's JVM, after (so over) those of litellm.java's header. */
        static String javaOptions;

        static List<String> jbangLauncher() {
            List<String> launcher = new ArrayList<>(List.of(REPO.resolve("jbang").toString()));
            // one --java-options per option: JBang passes the value of one as a single argument of java's
            if (javaOptions != null) for (String option : javaOptions.strip().split("\\s+")) launcher.add("--java-options=" + option);
            launcher.add("litellm.java");
            return launcher;
        }

        static ProxyProcess start(List<String> launcher, int upstreamPort) throws IOException {
            return start(launcher, upstreamPort, Map.of());
        }

        static ProxyProcess start(List<String> launcher, int upstreamPort, Map<String, String> env) throws IOException {
            return start(launcher, upstreamPort, env, "openai/fake", List.of());
        }

        /** @param model the --model the proxy serves, at the fake upstream (null: a --config in moreArgs names it); @param moreArgs more of the proxy's flags */
        static ProxyProcess start(List<String> launcher, int upstreamPort, Map<String, String> env, String model, List<String> moreArgs) throws IOException {
            int port = freePort();
            Path providers = Files.createTempDirectory("bench-providers"); // empty: a user's own openai.groovy must not change the figures
            List<String> command = new ArrayList<>(launcher);
            command.addAll(List.of("--host", "127.0.0.1", "--port", String.valueOf(port), "--providers", providers.toString()));
            if (model != null) command.addAll(List.of("--model", model, "--api_base", "http://127.0.0.1:" + upstreamPort + "/v1"));
            command.addAll(moreArgs);
            Path log = Files.createTempFile("bench-proxy", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().remove("OPENAI_API_KEY"); // no real key goes anywhere, not even to the fake upstream
            pb.environment().put("LITELLM_LOG", "WARNING"); // no access lines, as nginx writes none here; the features-on row has them
            pb.environment().putAll(env);
            long startNanos = System.nanoTime();
            ProxyProcess p = new ProxyProcess(pb.start(), port, log, providers, startNanos);
            RUNNING.add(p);
            return p;
        }

        /** Polls with a real chat completion until one succeeds; the time since the process was spawned. */
        Duration awaitReady(Duration timeout) throws IOException {
            long giveUp = startNanos + timeout.toNanos();
            while (System.nanoTime() < giveUp) {
                if (!process.isAlive()) throw new IOException("the proxy exited with " + process.exitValue() + ":\n" + logTail());
                try (Conn conn = new Conn(port)) {
                    Exchange x = conn.post(Kind.COMPLETION, port);
                    if (x.ok()) return Duration.ofNanos(System.nanoTime() - startNanos);
                    throw new IOException("the proxy is up but the first request failed: " + x.problem() + "\n" + logTail());
                } catch (java.net.ConnectException notYet) {
                    sleep(Duration.ofMillis(10));
                }
            }
            throw new IOException("the proxy did not answer within " + timeout.toSeconds() + " s:\n" + logTail());
        }

        /** The app's JVM: ./jbang execs java, so usually the process itself, else a child running main class "litellm". */
        long appPid() {
            if (appPid > 0) return appPid;
            appPid = Stream.concat(Stream.of(process.toHandle()), process.descendants())
                    .filter(h -> isAppJvm(h.pid())).mapToLong(ProcessHandle::pid).findFirst().orElse(process.pid());
            return appPid;
        }

        private static boolean isAppJvm(long pid) {
            List<String> args = cmdline(pid);
            // the entry's main class is entry.litellm since the core became a library (src/Library.java); litellm before
            return !args.isEmpty() && args.getFirst().endsWith("java") && (args.contains("entry.litellm") || args.contains("litellm"));
        }

        static List<String> cmdline(long pid) {
            try {
                String raw = Files.readString(Path.of("/proc/" + pid + "/cmdline"), ISO_8859_1);
                return raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
            } catch (IOException e) {
                return List.of();
            }
        }

        long rssKb() {
            return statusValue("VmRSS:");
        }

        double rssMb() {
            return rssKb() / 1024.0;
        }

        double peakRssMb() {
            return statusValue("VmHWM:") / 1024.0;
        }

        /** A number from /proc/PID/status ("VmRSS:" in kB, "Threads:"); -1 when the process is gone. */
        long statusValue(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + appPid() + "/status")))
                    if (line.startsWith(field)) return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
            } catch (IOException | NumberFormatException e) {
                // the process is gone
            }
            return -1;
        }

        /** The file descriptors the app JVM holds: sockets, jars, pipes. */
        long fileDescriptors() {
            try (Stream<Path> fds = Files.list(Path.of("/proc/" + appPid() + "/fd"))) {
                return fds.count();
            } catch (IOException e) {
                return -1;
            }
        }

        /** User plus system CPU time of the app JVM so far. */
        long cpuMillis() {
            return cpuMillis(Path.of("/proc/" + appPid() + "/stat"));
        }

        /** User plus system CPU time from a /proc stat file, of a process or of one of its threads; 0 if gone. */
        static long cpuMillis(Path stat) {
            try {
                String line = Files.readString(stat);
                String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
                return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        boolean logContains(String text) {
            try {
                return Files.readString(log, ISO_8859_1).contains(text);
            } catch (IOException e) {
                return false;
            }
        }

        private String logTail() {
            try {
                // the stack frames of a trace would fill the tail: its message is what tells
                List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.startsWith("\tat ")).toList();
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        /**
         * The java command line ./jbang runs for litellm.java, read from the "run:" line of --verbose
         * (with --version, so that it exits at once); empty if that line is not found.
         */
        static List<String> appJvmLauncher() {
            try {
                Process p = new ProcessBuilder(REPO.resolve("jbang").toString(), "--verbose", "litellm.java", "--version")
                        .directory(REPO.toFile()).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), UTF_8);
                p.waitFor(30, TimeUnit.SECONDS);
                for (String line : output.split("\n")) {
                    int at = line.indexOf("] run: ");
                    if (at < 0) continue;
                    List<String> words = shellWords(line.substring(at + "] run: ".length()).strip());
                    if (words.size() > 2 && words.getLast().equals("--version")) return words.subList(0, words.size() - 1);
                }
            } catch (IOException e) {
                log("could not run ./jbang --verbose: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        }

        /** Splits a shell command line: spaces separate words, single and double quotes group them. */
        static List<String> shellWords(String line) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            boolean inWord = false;
            char quote = 0;
            for (char c : line.toCharArray()) {
                if (quote != 0) {
                    if (c == quote) quote = 0;
                    else word.append(c);
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    inWord = true;
                } else if (Character.isWhitespace(c)) {
                    if (inWord) words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                } else {
                    word.append(c);
                    inWord = true;
                }
            }
            if (inWord) words.add(word.toString());
            return words;
        }

        @Override
        public void close() {
            if (!RUNNING.remove(this)) return;
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            try {
                Files.deleteIfExists(log);
                Files.deleteIfExists(providers);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Issue 24's targets, against nginx as a plain reverse proxy where they say so.

    static final class Targets {
        static final String STREAM_C8 = "stream c=8: >= 50 % of nginx's streams/s";
        static final String PACED_TOTAL = "paced stream c=8: total p50 within 2 % of direct";
        static final String PACED_FIRST = "paced stream c=8: first token p50 within 0.5 ms of direct";
        static final String JSON_C8 = "json c=8: >= 60 % of nginx's req/s";
        static final String JSON_C64 = "json c=64: p99 <= 5 ms";
        static final String ADDED_C1 = "json c=1: added p50 <= 0.05 ms over direct";
        static final String IDLE_RSS = "idle RSS right after a warm-up load <= 100 MB";
        static final String BURST_RSS = "RSS under 1,000 concurrent streams <= 300 MB";
        static final String SUSTAINED_RATE = "1,000 paced streams, sustained: >= 90 % of nginx's streams/s";
        static final String SUSTAINED_P99 = "1,000 paced streams, sustained: p99 within 50 ms of nginx's";
        static final String FEATURES = "features on: json c=8 within 15 % of the proxy with them off";
        static final String SERVICE_C1 = "issue 22, Prometheus + access log + Redis router on: json c=1 added p50 <= 0.03 ms";
        static final String SERVICE_C8 = "issue 22, Prometheus + access log + Redis router on: json c=8 within 10 % of off";
        static final String VIRTUAL_KEY_C1 = "issue 23, virtual key: json c=1 p50 within 0.02 ms of the master key's";
        static final String VIRTUAL_KEY_C8 = "issue 23, virtual key: json c=8 req/s within 5 % of the master key's";
        static final String STARTUP = "warm start through ./jbang <= 0.8 s";
        static final String SOAK = "RSS under a sustained mixed load <= 200 MB, flat, < 120 MB after a minute idle";
        static final String LIVE_EDITS = "live edits under load: p99 within 2x of p99 without";

        private record Outcome(Boolean met, String figures) {}

        private final Map<String, Outcome> outcomes = new LinkedHashMap<>();

        Targets() {
            for (String t : List.of(STREAM_C8, PACED_TOTAL, PACED_FIRST, JSON_C8, JSON_C64, ADDED_C1, IDLE_RSS, BURST_RSS,
                    SUSTAINED_RATE, SUSTAINED_P99, FEATURES, VIRTUAL_KEY_C1, VIRTUAL_KEY_C8, STARTUP, SOAK, LIVE_EDITS))
                outcomes.put(t, new Outcome(null, "not measured in this run"));
            unmeasured(SOAK, "not in this run: --soak MINUTES measures it");
            unmeasured(LIVE_EDITS, "not in this run: --live-edits SECONDS measures it");
        }

        void check(String target, boolean met, String format, Object... args) {
            outcomes.put(target, new Outcome(met, String.format(Locale.ROOT, format, args)));
        }

        /** A target whose figure this run could not take (nginx or wrk missing, a cell that failed): why. */
        void unmeasured(String target, String why) {
            outcomes.put(target, new Outcome(null, why));
        }

        /** A ratio target: met when {@code proxy / reference >= floor}; unmeasured when either is missing. */
        void atLeast(String target, double proxy, double reference, double floor, String what) {
            if (!(proxy > 0) || !(reference > 0)) {
                unmeasured(target, what + ": no figure (" + proxy + " / " + reference + ")");
                return;
            }
            check(target, proxy / reference >= floor, "%s: proxy %,.0f / nginx %,.0f = %.0f %%", what, proxy, reference, 100 * proxy / reference);
        }

        /** One target's line: the soak measures only its own. */
        void printOnly(String target) {
            Outcome o = outcomes.get(target);
            System.out.println();
            System.out.printf(Locale.ROOT, "issue 24 target (load average %s):%n  %s %s: %s%n", Table.loadAverage(),
                    o.met() == null ? "  -   " : o.met() ? "MET   " : "MISSED", target, o.figures());
        }

        void print() {
            System.out.println();
            System.out.println("issue 24's targets and issue 23's (this run; load average " + Table.loadAverage() + "):");
            for (var e : outcomes.entrySet()) {
                Outcome o = e.getValue();
                String verdict = o.met() == null ? "  -   " : o.met() ? "MET   " : "MISSED";
                System.out.printf(Locale.ROOT, "  %s %-82s %s%n", verdict, e.getKey(), o.figures());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The table.

    enum Shape { RATE, LATENCY, COUNT, PROXY_ONLY }

    /** {@code nginx}: the same cell through nginx as a plain reverse proxy (NaN when not measured). */
    record Row(String figure, double direct, double nginx, double proxy, Shape shape) {
        Row(String figure, double direct, double proxy, Shape shape) {
            this(figure, direct, Double.NaN, proxy, shape);
        }
    }

    static final class Table {
        private final List<Row> rows = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final String loadAtStart = loadAverage();
        /** Issue 24's targets, each filled in by the cell that measures it, printed met or missed last. */
        final Targets targets = new Targets();

        void throughput(String cell, Throughput d, Throughput p) {
            throughput(cell, "req/s", d, null, p);
        }

        /** @param n the cell through nginx as a reverse proxy, or null; @param unit what a request is (req/s, streams/s) */
        void throughput(String cell, String unit, Throughput d, Throughput n, Throughput p) {
            double none = Double.NaN;
            rows.add(new Row(cell + "  " + unit, d.perSecond(), n == null ? none : n.perSecond(), p.perSecond(), Shape.RATE));
            rows.add(new Row(cell + "  p50 latency (ms)", d.p50Ms(), n == null ? none : n.p50Ms(), p.p50Ms(), Shape.LATENCY));
            rows.add(new Row(cell + "  p99 latency (ms)", d.p99Ms(), n == null ? none : n.p99Ms(), p.p99Ms(), Shape.LATENCY));
            int nErrors = n == null ? 0 : n.errors();
            if (d.errors() + nErrors + p.errors() > 0) rows.add(new Row(cell + "  errors", d.errors(), n == null ? none : nErrors, p.errors(), Shape.COUNT));
            if (d.problem() != null) note("%s direct, first error: %s", cell, d.problem());
            if (n != null && n.problem() != null) note("%s nginx, first error: %s", cell, n.problem());
            if (p.problem() != null) note("%s proxy, first error: %s", cell, p.problem());
        }

        /** A figure of the proxy's and of nginx's (CPU per request): no direct column. */
        void besideNginx(String figure, double nginx, double proxy) {
            rows.add(new Row(figure, Double.NaN, nginx, proxy, Shape.PROXY_ONLY));
        }

        void streams(String cell, LoadResult d, LoadResult p) {
            rows.add(new Row(cell + "  streams/s", d.perSecond(), p.perSecond(), Shape.RATE));
            rows.add(new Row(cell + "  first token p50 (ms)", d.first().percentileMs(0.50), p.first().percentileMs(0.50), Shape.LATENCY));
            rows.add(new Row(cell + "  first token p99 (ms)", d.first().percentileMs(0.99), p.first().percentileMs(0.99), Shape.LATENCY));
            rows.add(new Row(cell + "  total p50 (ms)", d.total().percentileMs(0.50), p.total().percentileMs(0.50), Shape.LATENCY));
            rows.add(new Row(cell + "  total p99 (ms)", d.total().percentileMs(0.99), p.total().percentileMs(0.99), Shape.LATENCY));
            errors(cell, d, p);
        }

        void burst(String cell, LoadResult d, LoadResult p) {
            rows.add(new Row(cell + "  completed", d.ok(), p.ok(), Shape.COUNT));
            rows.add(new Row(cell + "  errors", d.errors(), p.errors(), Shape.COUNT));
            rows.add(new Row(cell + "  first token p50 (ms)", d.first().percentileMs(0.50), p.first().percentileMs(0.50), Shape.LATENCY));
            rows.add(new Row(cell + "  first token p99 (ms)", d.first().percentileMs(0.99), p.first().percentileMs(0.99), Shape.LATENCY));
            rows.add(new Row(cell + "  total p99 (ms)", d.total().percentileMs(0.99), p.total().percentileMs(0.99), Shape.LATENCY));
            rows.add(new Row(cell + "  wall time (ms)", d.seconds() * 1000, p.seconds() * 1000, Shape.LATENCY));
            problems(cell, d, p);
        }

        void startup(String figure, List<Double> millis) {
            // the best run: other load on the machine only ever makes a start slower
            double best = millis.stream().min(Double::compare).orElse(Double.NaN);
            rows.add(new Row(figure, Double.NaN, best, Shape.PROXY_ONLY));
            note("%s: runs %s ms (best shown)", figure, millis.stream().map(m -> String.valueOf(m.longValue())).toList());
        }

        /** Two figures both through the proxy: a base (in the direct column) and what is compared with it. */
        void versus(String figure, double base, double compared) {
            rows.add(new Row(figure, base, compared, Shape.LATENCY));
        }

        void proxyOnly(String figure, double value) {
            rows.add(new Row(figure, Double.NaN, value, Shape.PROXY_ONLY));
        }

        private void errors(String cell, LoadResult d, LoadResult p) {
            if (d.errors() + p.errors() > 0) rows.add(new Row(cell + "  errors", d.errors(), p.errors(), Shape.COUNT));
            problems(cell, d, p);
        }

        private void problems(String cell, LoadResult d, LoadResult p) {
            if (d.problem() != null) note("%s direct, first error: %s", cell, d.problem());
            if (p.problem() != null) note("%s proxy, first error: %s", cell, p.problem());
        }

        void note(String format, Object... args) {
            notes.add(String.format(Locale.ROOT, format, args));
        }

        void print(Options o) {
            System.out.printf(Locale.ROOT, "%nlitellm.java proxy vs direct to a fake upstream; %d cores, %s s per cell, bench JVM %s%n",
                    Runtime.getRuntime().availableProcessors(), o.cell().toMillis() / 1000.0, Runtime.version());
            // the bench, the fake upstream and the proxy share the cores: other load skews every figure
            System.out.printf(Locale.ROOT, "load average at the start %s, at the end %s%n", loadAtStart, loadAverage());
            String format = "%-58s %11s %11s %11s %12s %11s %11s%n";
            System.out.printf(Locale.ROOT, format, "figure", "direct", "nginx", "proxy", "proxy/direct", "proxy/nginx", "added ms");
            System.out.println("-".repeat(131));
            for (Row r : rows) {
                boolean compared = r.shape() == Shape.RATE || r.shape() == Shape.LATENCY;
                String ratio = compared && r.direct() > 0 ? String.format(Locale.ROOT, "%.2f", r.proxy() / r.direct()) : "";
                String toNginx = r.shape() != Shape.COUNT && r.nginx() > 0 ? String.format(Locale.ROOT, "%.2f", r.proxy() / r.nginx()) : "";
                String added = r.shape() == Shape.LATENCY && !Double.isNaN(r.direct()) ? String.format(Locale.ROOT, "%+.2f", r.proxy() - r.direct()) : "";
                System.out.printf(Locale.ROOT, format, r.figure(), number(r.direct()), number(r.nginx()), number(r.proxy()), ratio, toNginx, added);
            }
            System.out.println();
            notes.forEach(n -> System.out.println("note: " + n));
            targets.print();
        }

        /** The 1, 5 and 15 minute load averages. */
        static String loadAverage() {
            try {
                String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
                return f[0] + " " + f[1] + " " + f[2];
            } catch (IOException | RuntimeException e) {
                return "?";
            }
        }

        private static String number(double v) {
            if (Double.isNaN(v)) return "-";
            double a = Math.abs(v);
            if (a >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
            if (a >= 100 || v == Math.rint(v)) return String.format(Locale.ROOT, "%.0f", v);
            return String.format(Locale.ROOT, a >= 10 ? "%.1f" : "%.2f", v);
        }
    }
}
