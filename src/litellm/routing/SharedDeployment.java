package litellm.routing;

import litellm.shared.ClockPeriod;
import litellm.shared.RedisLink;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One deployment's state as every instance of the proxy sees it through Redis ({@link RedisLink}): its requests and
 * tokens this minute (a minute of the clock, the same in every instance), its requests in flight, its cooldown.
 * A call counts here in memory; the link's sync writes the counts and reads back every instance's, so that a call
 * reads them without waiting. Only an rpm limit under usage-based routing asks Redis on the call's path
 * ({@link #admit}): to keep to it across instances, each request must be counted before it is sent.
 */
final class SharedDeployment implements RedisLink.Participant {
    private static final long MINUTE_MILLIS = 60_000;
    /** A minute's counts are kept a minute more than it lasts, so that clocks a little apart still agree. */
    private static final long COUNTS_TTL_MILLIS = 2 * MINUTE_MILLIS;
    /** An instance that stopped writing its requests in flight for this long is taken for gone. */
    private static final long BUSY_STALE_MILLIS = 2_000;
    /** One per deployment and Redis: a reloaded config's router counts on where the last one was. */
    private static final Map<String, SharedDeployment> ALL = new ConcurrentHashMap<>();

    private final RedisLink link;
    private final String key;

    // This instance's counts of the current minute not yet written, and those being written.
    private final LongAdder requests = new LongAdder();
    private final LongAdder tokens = new LongAdder();
    private final ClockPeriod minutes = new ClockPeriod(MINUTE_MILLIS, () -> {
        requests.reset();
        tokens.reset();
    });
    private volatile long requestsInTransit, tokensInTransit;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** A cooldown this instance decided, until then (epoch milliseconds), for the next sync to tell the others; 0: none. */
    private final AtomicLong cooldownToTell = new AtomicLong();

    // Every instance's, as last read.
    private volatile long readMinute = -1;
    private volatile long requestsRead, tokensRead;
    private volatile int othersInFlight;
    private volatile long coolUntilMillis;

    private SharedDeployment(RedisLink link, String id) {
        this.link = link;
        this.key = RedisLink.KEYS + "deployment:" + id + ":";
    }

    static SharedDeployment of(RedisLink link, Deployment deployment) {
        return ALL.computeIfAbsent(link.instance + " " + deployment.id(), k -> {
            SharedDeployment shared = new SharedDeployment(link, deployment.id());
            link.join(shared);
            return shared;
        });
    }

    /** True while what was read of the others can be trusted; else the router goes by this instance's own counts. */
    boolean up() {
        return link.up();
    }

    long requestsThisMinute() {
        long minute = roll();
        return (readMinute == minute ? requestsRead : 0) + requestsInTransit + requests.sum();
    }

    long tokensThisMinute() {
        long minute = roll();
        return (readMinute == minute ? tokensRead : 0) + tokensInTransit + tokens.sum();
    }

    int othersInFlight() {
        return othersInFlight;
    }

    long millisToNextMinute() {
        return minutes.remainingMillis();
    }

    /** Until when another instance (or this one) cooled it down, in epoch milliseconds. */
    long coolUntilMillis() {
        return coolUntilMillis;
    }

    /**
     * Counts a request now in every instance's count and says whether it is within {@code rpm}; true when Redis
     * does not answer (the caller has checked this instance's own count).
     */
    boolean admit(long rpm) {
        long minute = roll();
        String counter = key + "rpm:" + minute;
        long total = link.now(redis -> {
            try (AbstractPipeline p = redis.pipelined()) {
                Response<Long> n = p.incr(counter);
                p.pexpire(counter, COUNTS_TTL_MILLIS);
                p.sync();
                return n.get();
            }
        }, -1L);
        if (total < 0) return true;
        if (readMinute == minute && total > requestsRead) requestsRead = total;
        if (total > rpm) return false;
        requests.decrement(); // counted in Redis already: began() adds it back, so that the next sync does not write it again
        return true;
    }

    void began() {
        roll();
        requests.increment();
        inFlight.incrementAndGet();
    }

    void ended(long usedTokens) {
        inFlight.decrementAndGet();
        if (usedTokens > 0) tokens.add(usedTokens);
    }

    void cooledDown(long untilMillis) {
        cooldownToTell.accumulateAndGet(untilMillis, Math::max);
        coolUntilMillis = Math.max(coolUntilMillis, untilMillis);
    }

    /** The current minute of the clock; this instance's unwritten counts start again when it changes. */
    private long roll() {
        return minutes.now();
    }

    @Override
    public RedisLink.Sync sync(AbstractPipeline redis, long now) {
        long minute = roll();
        long newRequests = requests.sumThenReset(), newTokens = tokens.sumThenReset();
        requestsInTransit = newRequests;
        tokensInTransit = newTokens;
        String rpm = key + "rpm:" + minute, tpm = key + "tpm:" + minute, busy = key + "busy", cooldown = key + "cooldown";
        add(redis, rpm, newRequests);
        add(redis, tpm, newTokens);
        redis.hset(busy, link.instance, inFlight.get() + " " + now);
        redis.pexpire(busy, 5 * BUSY_STALE_MILLIS);
        long tell = cooldownToTell.getAndSet(0);
        if (tell > now) redis.set(cooldown, String.valueOf(tell), SetParams.setParams().px(tell - now));
        Response<String> requestsNow = redis.get(rpm), tokensNow = redis.get(tpm), coolUntil = redis.get(cooldown);
        Response<Map<String, String>> inFlightNow = redis.hgetAll(busy);
        return new RedisLink.Sync() {
            @Override
            public void answered() {
                requestsRead = number(requestsNow.get());
                tokensRead = number(tokensNow.get());
                readMinute = minute;
                requestsInTransit = 0;
                tokensInTransit = 0;
                othersInFlight = othersInFlight(inFlightNow.get(), now);
                long until = number(coolUntil.get());
                if (until > coolUntilMillis) coolUntilMillis = until;
            }

            @Override
            public void failed() {
                requestsInTransit = 0;
                tokensInTransit = 0;
                if (minutes.counting(minute)) {
                    requests.add(newRequests);
                    tokens.add(newTokens);
                }
                if (tell > 0) cooldownToTell.accumulateAndGet(tell, Math::max);
            }
        };
    }

    private static void add(AbstractPipeline redis, String counter, long n) {
        if (n == 0) return;
        redis.incrBy(counter, n);
        redis.pexpire(counter, COUNTS_TTL_MILLIS);
    }

    private int othersInFlight(Map<String, String> byInstance, long now) {
        int n = 0;
        for (var e : byInstance.entrySet()) {
            if (e.getKey().equals(link.instance)) continue;
            String[] countAndTime = e.getValue().split(" ");
            if (countAndTime.length == 2 && now - number(countAndTime[1]) < BUSY_STALE_MILLIS) n += (int) number(countAndTime[0]);
        }
        return n;
    }

    private static long number(String text) {
        if (text == null) return 0;
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
