package litellm.keys;

import litellm.callbacks.Budget;

import java.time.Duration;

/**
 * What a key, a user or a team has spent in USD and may spend: LiteLLM's {@code spend}, {@code max_budget},
 * {@code budget_duration} and {@code budget_reset_at}.
 *
 * @param maxBudget null: no limit
 * @param duration  null: the spend never starts again from 0
 * @param resetAt   epoch ms when the spend starts again from 0; null without a duration
 */
record SpendBudget(double spend, Double maxBudget, String duration, Long resetAt) {
    static final SpendBudget NONE = new SpendBudget(0, null, null, null);

    static SpendBudget of(Double maxBudget, String duration, long now) {
        return new SpendBudget(0, maxBudget, duration, duration == null ? null : now + period(duration).toMillis());
    }

    /** The spend of the current period: 0 once the period is over, before the database says so. */
    double spendNow(long now) {
        return resetAt != null && now >= resetAt ? 0 : spend;
    }

    boolean resetDue(long now) {
        return resetAt != null && now >= resetAt;
    }

    /** The next period's end after {@code now}. */
    long nextReset(long now) {
        long period = Math.max(1, period(duration).toMillis());
        long at = resetAt;
        while (at <= now) at += period;
        return at;
    }

    static Duration period(String duration) {
        return Budget.duration(duration);
    }
}
