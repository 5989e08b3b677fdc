package litellm;

import litellm.provider.Call;
import litellm.provider.ProviderScript;
import litellm.provider.Upstream;
import litellm.provider.UpstreamRequest;
import litellm.routing.Deployment;
import litellm.upstream.CurlLog;
import litellm.upstream.UpstreamClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** The follow-up calls of one request ({@link Upstream}): the same client, deadline, headers, error mapping and debug log as the main call. */
final class FollowUpCalls implements Upstream {
    private static final Logger log = LoggerFactory.getLogger(FollowUpCalls.class);

    private final UpstreamClient client;
    private final Deployment d;
    private final ProviderScript script;
    private final Settings settings;
    private final Duration timeout;
    private final long deadline;
    private Call call; // set once the Call that carries these follow-ups exists (each refers to the other)

    FollowUpCalls(UpstreamClient client, Deployment d, ProviderScript script, Settings settings, Duration timeout) {
        this.client = client;
        this.d = d;
        this.script = script;
        this.settings = settings;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    void of(Call call) {
        this.call = call;
    }

    @Override
    public Object send(Object request) {
        UpstreamRequest r = UpstreamRequest.from(request).withHeaders(d.param("headers"));
        byte[] bytes = r.bodyBytes();
        if (settings.debug()) log.info("{} request sent to {}:\n{}", r.method(), d.provider(), CurlLog.format(r, bytes));
        long start = System.nanoTime();
        UpstreamClient.Response res = client.send(r, bytes, LiteLLM.remaining(call, r, timeout));
        if (settings.debug()) log.info("{} answered {} in {} ms", d.provider(), res.status(), (System.nanoTime() - start) / 1_000_000);
        if (res.status() >= 300) throw UpstreamErrors.fromResponse(script, call, d.provider(), res.status(), res.body(), res::header);
        return UpstreamErrors.parseJson(d.provider(), res.body());
    }

    @Override
    public Duration timeLeft() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
