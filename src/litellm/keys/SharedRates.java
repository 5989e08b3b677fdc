package litellm.keys;

import litellm.shared.RedisLink;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * rpm_limit and tpm_limit across every proxy that shares a Redis ({@code router_settings.redis_host}...): a call made
 * with a key that has a limit counts itself in Redis and reads the minute's tokens there, in one round trip; tokens
 * are added off the calls' path. Without that Redis, or while it does not answer, each proxy counts alone
 * ({@link Usage}). max_parallel_requests is always counted by each proxy alone.
 */
final class SharedRates {
    private static final String KEYS = RedisLink.KEYS + "keys:";
    /** A minute's counters outlive it a little, for clocks a little apart. */
    private static final long TTL_MILLIS = 120_000;

    private final RedisLink link;

    /** @param link null: each proxy counts alone */
    SharedRates(RedisLink link) {
        this.link = link;
    }

    /** Takes one request of this minute unless a limit is crossed; the minute's counts (of all proxies), with what was crossed. */
    MinuteCount takeRequest(Usages.Kind kind, String id, Usage local, Long rpm, Long tpm, long now) {
        if (link == null || rpm == null && tpm == null) return local.takeRequest(rpm, tpm, now);
        String requests = counter(kind, id, "rpm", now), tokens = counter(kind, id, "tpm", now);
        long[] counts = link.now(redis -> {
            try (AbstractPipeline p = redis.pipelined()) {
                Response<Long> n = p.incr(requests);
                p.pexpire(requests, TTL_MILLIS);
                Response<String> t = p.get(tokens);
                p.sync();
                return new long[]{n.get(), t.get() == null ? 0 : Long.parseLong(t.get())};
            }
        }, null);
        if (counts == null) return local.takeRequest(rpm, tpm, now); // Redis is away: this proxy's own count
        local.takeRequest(null, null, now); // kept too, for when Redis goes away
        if (rpm != null && counts[0] > rpm) return new MinuteCount("rpm_limit: " + rpm + ", current rpm: " + (counts[0] - 1) + " (all proxies)", counts[0] - 1, counts[1]);
        if (tpm != null && counts[1] >= tpm) return new MinuteCount("tpm_limit: " + tpm + ", current tpm: " + counts[1] + " (all proxies)", counts[0], counts[1]);
        return new MinuteCount(null, counts[0], counts[1]);
    }

    /** The Redis key of a key's or team's requests or tokens ({@code what}) in this minute: "...keys:key:<hash>:rpm:<minute>". */
    private static String counter(Usages.Kind kind, String id, String what, long now) {
        return KEYS + kind.prefix + id + ":" + what + ":" + now / 60_000;
    }

    /** Gives back a request taken, when another limit refused the call. */
    void returnRequest(Usages.Kind kind, String id, Usage local, long now) {
        local.returnRequest();
        if (link != null) link.now(redis -> redis.decr(counter(kind, id, "rpm", now)), 0L);
    }

    /** Tokens that a call of a key, user or team used. */
    record Used(Usages.Kind kind, String id, long tokens) {}

    /** Off the calls' path: finished calls' tokens, counted in Redis in one round trip for them all. */
    void usedTokens(List<Used> used, long now) {
        if (link == null) return;
        Map<String, Long> byCounter = new HashMap<>();
        for (Used u : used) if (u.tokens() > 0) byCounter.merge(counter(u.kind(), u.id(), "tpm", now), u.tokens(), Long::sum);
        if (byCounter.isEmpty()) return;
        link.now(redis -> {
            try (AbstractPipeline p = redis.pipelined()) {
                byCounter.forEach((tokens, n) -> {
                    p.incrBy(tokens, n);
                    p.pexpire(tokens, TTL_MILLIS);
                });
                p.sync();
                return null;
            }
        }, null);
    }
}
