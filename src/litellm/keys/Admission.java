package litellm.keys;

import litellm.callbacks.Caller;
import litellm.error.LlmError;

import java.util.List;

/**
 * Whether a call made with a virtual key may go, from the table in memory: no database round trip. The key must
 * exist and not be expired (401), the model must be among the key's, its team's and its user's models (401),
 * no budget may be spent (400 budget_exceeded), and no rate limit crossed (429, with Retry-After).
 */
final class Admission {
    /** A key's or team's models list with this in it allows every model, as LiteLLM's. */
    private static final String ALL_MODELS = "all-proxy-models";

    private Admission() {}

    /** @param token the presented key's hash ({@link KeyHash#of}) */
    static Caller authenticate(KeyTable table, String presented, String token, long now) {
        VirtualKey key = table.keys().get(token);
        if (key == null)
            throw LlmError.authentication("Authentication Error, Invalid proxy server token passed. Received API key: "
                    + KeyHash.abbreviated(presented) + ", the key is not one this proxy knows (never made, or deleted)");
        if (key.expired(now))
            throw LlmError.authentication("Authentication Error - Expired Key. Key Expiry time " + KeyAnswers.time(key.expires())
                    + " and current time " + KeyAnswers.time(now));
        return new Caller(key.token(), key.keyAlias(), key.userId(), key.teamId());
    }

    static Permit admit(KeyTable table, Usages usages, Caller caller, String model, long now) {
        VirtualKey key = table.keys().get(caller.keyHash());
        if (key == null || key.expired(now)) { // deleted or expired since it was presented
            authenticateAgain(key, now);
        }
        Team team = key.teamId() == null ? null : table.teams().get(key.teamId());
        KeyUser user = key.userId() == null ? null : table.users().get(key.userId());
        if (model != null) {
            if (!allows(key.models(), model))
                throw LlmError.authentication("Authentication Error, API Key not allowed to access model. This key can only access models="
                        + key.models() + ". Tried to access " + model);
            if (team != null && !allows(team.models(), model))
                throw LlmError.authentication("Authentication Error, Team=" + team.teamId() + " not allowed to access model=" + model
                        + ". Valid models for team are: " + team.models());
            if (user != null && !allows(user.models(), model))
                throw LlmError.authentication("Authentication Error, User=" + user.userId() + " not allowed to access model=" + model
                        + ". Valid models for user are: " + user.models());
        }
        Usage keyUsage = usages.key(key.token());
        budget("key", key.keyName(), key.budget(), keyUsage, now);
        if (team != null) budget("team", team.teamId(), team.budget(), usages.team(team.teamId()), now);
        if (user != null) budget("user", user.userId(), user.budget(), usages.user(user.userId()), now);
        return limits(key, keyUsage, team, usages, now);
    }

    private static void authenticateAgain(VirtualKey key, long now) {
        if (key == null) throw LlmError.authentication("Authentication Error, Invalid proxy server token passed: the key was deleted");
        throw LlmError.authentication("Authentication Error - Expired Key. Key Expiry time " + KeyAnswers.time(key.expires()));
    }

    private static boolean allows(List<String> models, String model) {
        return models.isEmpty() || models.contains(model) || models.contains(ALL_MODELS);
    }

    /** @param kind "key", "team" or "user"; with {@code name}, only put together for a refusal (every call passes here) */
    private static void budget(String kind, String name, SpendBudget budget, Usage usage, long now) {
        if (budget.maxBudget() == null) return;
        double spent = budget.spendNow(now) + usage.pendingSpend();
        if (spent >= budget.maxBudget())
            throw new LlmError(400, "budget_exceeded", "Budget has been exceeded! " + kind + " " + name + ": Current cost: " + spent + ", Max budget: "
                    + budget.maxBudget(), null, "budget_exceeded", null);
    }

    /** rpm and tpm of the key and its team, then the key's parallel requests; a refusal takes nothing. */
    private static Permit limits(VirtualKey key, Usage keyUsage, Team team, Usages usages, long now) {
        String crossed = usages.takeRequest(Usages.Kind.KEY, key.token(), key.rpmLimit(), key.tpmLimit(), now);
        if (crossed != null) throw rateLimited("key " + key.keyName(), crossed, now);
        if (team != null) {
            crossed = usages.takeRequest(Usages.Kind.TEAM, team.teamId(), team.rpmLimit(), team.tpmLimit(), now);
            if (crossed != null) {
                usages.returnRequest(Usages.Kind.KEY, key.token(), now);
                throw rateLimited("team " + team.teamId(), crossed, now);
            }
        }
        if (key.maxParallelRequests() == null) return Permit.NONE;
        if (!keyUsage.enterCall(key.maxParallelRequests()))
            throw new LlmError(429, "rate_limit_error", "Max parallel request limit reached for key " + key.keyName() + ": max_parallel_requests: "
                    + key.maxParallelRequests(), null, "429", "1");
        return keyUsage::leaveCall;
    }

    private static LlmError rateLimited(String whose, String crossed, long now) {
        return new LlmError(429, "rate_limit_error", "Rate limit exceeded for " + whose + ". Crossed " + crossed, null, "429",
                String.valueOf(Usage.secondsToNextMinute(now)));
    }
}
