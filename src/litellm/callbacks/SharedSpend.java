package litellm.callbacks;

import litellm.shared.ClockPeriod;
import litellm.shared.RedisLink;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

import java.time.Duration;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The proxy's spend as every instance on one Redis counts it ({@code max_budget} with router_settings.redis_*):
 * each instance adds its calls' costs in memory, and the link's sync adds them to the period's total in Redis and
 * reads the total back. A period is a span of the clock ({@code budget_duration} from the epoch), the same in
 * every instance.
 */
final class SharedSpend implements RedisLink.Participant {
    private final RedisLink link;
    private final Duration period;
    private final String key;
    private final DoubleAdder unwritten = new DoubleAdder();
    private final ClockPeriod periods;
    private volatile double inTransit;
    private volatile double read;
    private volatile long readPeriod = -1;

    /** @param period null: for good */
    SharedSpend(RedisLink link, Duration period) {
        this.link = link;
        this.period = period;
        this.periods = new ClockPeriod(period == null ? 0 : period.toMillis(), unwritten::reset);
        this.key = RedisLink.KEYS + "spend:" + (period == null ? "total" : period.toSeconds() + "s") + ":";
        link.join(this);
    }

    /** False while Redis does not answer: the budget goes by this instance's own spend. */
    boolean up() {
        return link.up();
    }

    void add(double cost) {
        roll();
        unwritten.add(cost);
    }

    /** The current period's spend, every instance's. */
    double spent() {
        long now = roll();
        return (readPeriod == now ? read : 0) + inTransit + unwritten.sum();
    }

    private long roll() {
        return periods.now();
    }

    @Override
    public RedisLink.Sync sync(AbstractPipeline redis, long nowMillis) {
        long now = roll();
        double cost = unwritten.sumThenReset();
        inTransit = cost;
        String total = key + now;
        if (cost > 0) redis.incrByFloat(total, cost);
        if (period != null) redis.pexpire(total, 2 * period.toMillis());
        Response<String> spent = redis.get(total);
        return new RedisLink.Sync() {
            @Override
            public void answered() {
                String value = spent.get();
                read = value == null ? 0 : Double.parseDouble(value);
                readPeriod = now;
                inTransit = 0;
            }

            @Override
            public void failed() {
                inTransit = 0;
                if (periods.counting(now)) unwritten.add(cost);
            }
        };
    }
}
