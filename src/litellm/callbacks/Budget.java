package litellm.callbacks;

import litellm.error.LlmError;
import litellm.shared.RedisLink;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LiteLLM's proxy-wide {@code max_budget} (USD) and {@code budget_duration}: each call's cost ({@link CallLog#cost()})
 * adds to the spend; once the spend reaches the budget, calls are refused with LiteLLM's BudgetExceededError, until
 * the period ends and the spend starts again from 0. The spend is kept in memory: a restart starts it again; with
 * router_settings.redis_* every instance's spend counts ({@link SharedSpend}), kept in Redis.
 */
public final class Budget implements CallLogger {
    /** One spend per budget: a reloaded config with the same budget keeps what was spent. */
    private static final Map<String, Budget> BUDGETS = new ConcurrentHashMap<>();

    private final double max;
    private final Duration period;
    /** Costs are counted off the calls' path: a stream without usage has its tokens counted. */
    private final CallQueue<CallLog> queue = new CallQueue<>("budget", 100, Duration.ZERO, (calls, last) -> calls.forEach(this::spend));
    private double spent;
    private long periodEndsNanos;
    /** Null: this instance's spend alone. */
    private final SharedSpend shared;

    private Budget(double max, Duration period, RedisLink link) {
        this.max = max;
        this.period = period;
        this.periodEndsNanos = period == null ? Long.MAX_VALUE : System.nanoTime() + period.toNanos();
        this.shared = link == null ? null : new SharedSpend(link, period);
    }

    /** @param period null: for good */
    public static Budget of(double max, Duration period) {
        return of(max, period, null);
    }

    /** @param shared the Redis through which every instance's spend counts; null: this instance's alone */
    public static Budget of(double max, Duration period, RedisLink shared) {
        return BUDGETS.computeIfAbsent(max + " " + period + " " + (shared == null ? "" : shared.instance), k -> new Budget(max, period, shared));
    }

    /** LiteLLM's durations: "30s", "30m", "30h", "30d", or a number of seconds. */
    public static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        char unit = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        String number = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1);
        long n;
        try {
            n = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a duration such as 30s, 30m, 30h or 30d, not '" + text + "'");
        }
        return switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> {
                if (!Character.isDigit(unit)) throw new IllegalArgumentException("a duration such as 30s, 30m, 30h or 30d, not '" + text + "'");
                yield Duration.ofSeconds(n);
            }
        };
    }

    /** @throws LlmError (400, budget_exceeded) once the period's spend has reached the budget */
    synchronized void check() {
        rollOver();
        double spent = shared != null && shared.up() ? shared.spent() : this.spent;
        if (spent >= max)
            throw new LlmError(400, "budget_exceeded", "Budget has been exceeded! Current cost: " + spent + ", Max budget: " + max,
                    null, "budget_exceeded", null);
    }

    @Override
    public void log(CallLog call) {
        queue.offer(call);
    }

    private void spend(CallLog call) {
        Double cost = call.cost();
        if (cost == null || cost <= 0) return;
        synchronized (this) {
            rollOver();
            spent += cost;
        }
        if (shared != null) shared.add(cost);
    }

    private void rollOver() {
        long now = System.nanoTime();
        if (period == null || now - periodEndsNanos < 0) return;
        spent = 0;
        while (now - periodEndsNanos >= 0) periodEndsNanos += period.toNanos();
    }
}
