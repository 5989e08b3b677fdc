package litellm.keys;

/**
 * A user's place in a team with a budget of its own there: LiteLLM's {@code max_budget_in_team}
 * ({@code /team/member_add}), which bounds what the user's keys of that team spend, within the team's budget.
 *
 * @param maxBudget USD; null: only the team's budget
 */
record Membership(String teamId, String userId, double spend, Double maxBudget) {
    /** Its key in the table: a team and a user. */
    static String id(String teamId, String userId) {
        return teamId + '\u0000' + userId;
    }

    String id() {
        return id(teamId, userId);
    }
}
