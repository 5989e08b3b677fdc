package litellm.cli;

import litellm.callbacks.Callbacks;
import litellm.log.Logging;
import litellm.server.ProxyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The proxy's stop on SIGTERM (a container's or systemd's stop) and SIGINT (Ctrl-C), run by the JVM as a shutdown
 * hook: readiness turns false at once; after a short drain new connections are refused; the requests and streams in
 * flight finish, up to the grace period; the callbacks' and the budget's queues are sent; one line says so, and the
 * exit status is 0 (the JVM's would be 143 for SIGTERM, 130 for SIGINT: a stop asked for is no failure).
 */
final class GracefulStop {
    private static final Logger lifecycle = LoggerFactory.getLogger(Logging.LIFECYCLE);
    /** How long new connections are still taken once readiness is false: a load balancer's time to notice. */
    static final Duration DRAIN = Duration.ofSeconds(2);

    private GracefulStop() {}

    static void onStop(ProxyServer server, Duration grace) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, grace), "graceful-stop"));
    }

    private static void stop(ProxyServer server, Duration grace) {
        long start = System.nanoTime();
        boolean inTime = server.stopGracefully(DRAIN, grace);
        Callbacks.flushQueued(); // after the calls in flight: their callbacks and spend are queued by now
        lifecycle.info("Proxy stopped in {} ms: {}", (System.nanoTime() - start) / 1_000_000,
                inTime ? "every request in flight finished" : "requests still running after " + grace.toSeconds() + " s were cut (--timeout_graceful_shutdown)");
        Logging.stop(); // its thread writes the last access lines first
        Runtime.getRuntime().halt(0);
    }
}
