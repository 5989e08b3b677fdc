package litellm.keys;

import litellm.callbacks.Caller;
import litellm.error.LlmError;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Whether a call made with a virtual key may go, from the table in memory: no database round trip. The key must
 * exist and not be expired (401), the model must be among the key's, its team's and its user's models (401),
 * no budget may be spent (400 budget_exceeded), and no rate limit crossed (429, with Retry-After).
 */
final class Admission {
    /** A key's or team's models list with this in it allows every model, as LiteLLM's ("*" too). */
    private static final String ALL_MODELS = "all-proxy-models";
    /** A key's models list with this in it is its team's models (a key without a team: no model), as LiteLLM's. */
    private static final String TEAM_MODELS = "all-team-models";

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
        if (key.blocked()) throw blocked();
        return table.callers().get(token);
    }

    /** @param accessGroups LiteLLM's model access groups: a group's name, the model names in it */
    static Permit admit(KeyTable table, Usages usages, Caller caller, String model, Map<String, Set<String>> accessGroups, long now) {
        VirtualKey key = table.keys().get(caller.keyHash());
        if (key == null || key.expired(now)) { // deleted or expired since it was presented
            authenticateAgain(key, now);
        }
        if (key.blocked()) throw blocked(); // since it was presented
        Team team = key.teamId() == null ? null : table.teams().get(key.teamId());
        KeyUser user = key.userId() == null ? null : table.users().get(key.userId());
        if (model != null) {
            LlmError refused = modelRefused(key, team, user, model, accessGroups);
            if (refused != null) throw refused;
        }
        Usage keyUsage = usages.key(key.token());
        budget("key", key.keyName(), key.budget(), keyUsage, now);
        if (team != null) budget("team", team.teamId(), team.budget(), usages.team(team.teamId()), now);
        if (team != null && key.userId() != null) memberBudget(table, usages, team, key.userId());
        if (user != null) budget("user", user.userId(), user.budget(), usages.user(user.userId()), now);
        return limits(key, keyUsage, team, usages, now);
    }

    /** Whether the key (with its team and user) may call {@code model}: for /v1/models, which lists a key's models only. */
    static boolean mayCall(KeyTable table, Caller caller, String model, Map<String, Set<String>> accessGroups) {
        VirtualKey key = table.keys().get(caller.keyHash());
        if (key == null) return false;
        Team team = key.teamId() == null ? null : table.teams().get(key.teamId());
        KeyUser user = key.userId() == null ? null : table.users().get(key.userId());
        return modelRefused(key, team, user, model, accessGroups) == null;
    }

    /** @return null when the key, its team and its user may each call the model; else the 401 that says which may not */
    private static LlmError modelRefused(VirtualKey key, Team team, KeyUser user, String model, Map<String, Set<String>> accessGroups) {
        List<String> keyModels = key.models().contains(TEAM_MODELS) && team != null ? team.models() : key.models();
        if (!allows(keyModels, model, accessGroups))
            return LlmError.authentication("Authentication Error, API Key not allowed to access model. This key can only access models="
                    + key.models() + ". Tried to access " + model);
        if (team != null && !allows(team.models(), model, accessGroups))
            return LlmError.authentication("Authentication Error, Team=" + team.teamId() + " not allowed to access model=" + model
                    + ". Valid models for team are: " + team.models());
        if (user != null && !allows(user.models(), model, accessGroups))
            return LlmError.authentication("Authentication Error, User=" + user.userId() + " not allowed to access model=" + model
                    + ". Valid models for user are: " + user.models());
        return null;
    }

    /** LiteLLM's words for a blocked key. */
    private static LlmError blocked() {
        return LlmError.authentication("Authentication Error, Key is blocked. Update via `/key/unblock` if you're admin.");
    }

    private static void authenticateAgain(VirtualKey key, long now) {
        if (key == null) throw LlmError.authentication("Authentication Error, Invalid proxy server token passed: the key was deleted");
        throw LlmError.authentication("Authentication Error - Expired Key. Key Expiry time " + KeyAnswers.time(key.expires()));
    }

    /** An empty list allows every model; else the model itself, a group it is in, "*" or all-proxy-models. */
    static boolean allows(List<String> models, String model, Map<String, Set<String>> accessGroups) {
        if (models.isEmpty() || models.contains(model)) return true;
        for (String m : models) {
            if (m.equals(ALL_MODELS) || m.equals("*")) return true;
            Set<String> group = accessGroups.get(m);
            if (group != null && group.contains(model)) return true;
        }
        return false;
    }

    /** LiteLLM's max_budget_in_team: what the user's keys of the team spend there. */
    private static void memberBudget(KeyTable table, Usages usages, Team team, String userId) {
        if (table.memberships().isEmpty()) return; // the common case: no string built
        String id = Membership.id(team.teamId(), userId);
        Membership m = table.memberships().get(id);
        if (m == null || m.maxBudget() == null) return;
        double spent = m.spend() + usages.member(id).pendingSpend();
        if (spent >= m.maxBudget())
            throw new LlmError(400, "budget_exceeded", "Budget has been exceeded! ExceededBudget: Crossed spend within team. User " + userId
                    + " in team " + team.teamId() + ": Current cost: " + spent + ", Max budget in team: " + m.maxBudget(), null, "budget_exceeded", null);
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
        MinuteCount keyCount = usages.takeRequest(Usages.Kind.KEY, key.token(), key.rpmLimit(), key.tpmLimit(), now);
        if (keyCount.crossed() != null) throw rateLimited("key " + key.keyName(), keyCount.crossed(), now);
        MinuteCount teamCount = null;
        if (team != null) {
            teamCount = usages.takeRequest(Usages.Kind.TEAM, team.teamId(), team.rpmLimit(), team.tpmLimit(), now);
            if (teamCount.crossed() != null) {
                usages.returnRequest(Usages.Kind.KEY, key.token(), now);
                throw rateLimited("team " + team.teamId(), teamCount.crossed(), now);
            }
        }
        Usage parallel = null;
        if (key.maxParallelRequests() != null) {
            if (!keyUsage.enterCall(key.maxParallelRequests()))
                throw new LlmError(429, "rate_limit_error", "Max parallel request limit reached for key " + key.keyName() + ": max_parallel_requests: "
                        + key.maxParallelRequests(), null, "429", "1");
            parallel = keyUsage;
        }
        boolean rates = RateLimitHeaders.any(key.rpmLimit(), key.tpmLimit()) || team != null && RateLimitHeaders.any(team.rpmLimit(), team.tpmLimit());
        return parallel == null && !rates ? Permit.NONE : new KeyPermit(parallel, key, keyCount, team, teamCount);
    }

    /**
     * @param parallel  the usage whose parallel requests this call is one of; null when the key has no such limit
     * @param keyCount  the key's minute with this call, as its headers give it
     * @param team      null when the key has no team, and then {@code teamCount} too
     */
    private record KeyPermit(Usage parallel, VirtualKey key, MinuteCount keyCount, Team team, MinuteCount teamCount) implements Permit {
        @Override
        public void writeHeaders(BiConsumer<String, String> header) {
            RateLimitHeaders.KEY.write(key.rpmLimit(), key.tpmLimit(), keyCount, header);
            if (team != null) RateLimitHeaders.TEAM.write(team.rpmLimit(), team.tpmLimit(), teamCount, header);
        }

        @Override
        public void close() {
            if (parallel != null) parallel.leaveCall();
        }
    }

    private static LlmError rateLimited(String whose, String crossed, long now) {
        return new LlmError(429, "rate_limit_error", "Rate limit exceeded for " + whose + ". Crossed " + crossed, null, "429",
                String.valueOf(Usage.secondsToNextMinute(now)));
    }
}
