package litellm.engine;

import litellm.config.Settings;
import litellm.http.UpstreamRequest;
import litellm.provider.Call;
import litellm.provider.FollowUps;
import litellm.provider.ProviderScript;
import litellm.routing.Deployment;

import java.time.Duration;

/** The follow-up calls of one request ({@link FollowUps}): sent as the main call is, with its headers and within its deadline. */
final class FollowUpCalls implements FollowUps {
    private final Sender sender;
    private final Deployment d;
    private final ProviderScript script;
    private final Settings settings;
    private final Duration timeout;
    private final long deadline;
    private Call call; // set once the Call that carries these follow-ups exists (each refers to the other)

    FollowUpCalls(Sender sender, Deployment d, ProviderScript script, Settings settings, Duration timeout) {
        this.sender = sender;
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
        return sender.send(d.provider(), script, call, r, r.bodyBytes(), timeout, settings);
    }

    @Override
    public Duration timeLeft() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
