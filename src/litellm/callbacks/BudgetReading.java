package litellm.callbacks;

/**
 * A virtual key's, team's or user's budget and limits at one moment, as LiteLLM's Prometheus budget metrics show them
 * (litellm_remaining_api_key_budget_metric...). The keys make them when /metrics is scraped: nothing on a call's path.
 *
 * @param id                the key's hash, the team's or the user's id
 * @param alias             the key's or team's alias; null when none
 * @param maxBudget         null: no budget (its remaining budget is then +Inf, as LiteLLM's)
 * @param spend             spent in the current period, calls not yet written included
 * @param resetAt           epoch ms when the spend starts again from 0; null: never
 * @param remainingRequests a key's requests left this minute under its rpm_limit; null without one
 * @param remainingTokens   a key's tokens left this minute under its tpm_limit; null without one
 */
public record BudgetReading(Owner owner, String id, String alias, Double maxBudget, double spend, Long resetAt,
                            Long remainingRequests, Long remainingTokens) {
    public enum Owner { KEY, TEAM, USER }
}
