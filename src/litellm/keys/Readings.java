package litellm.keys;

import litellm.callbacks.BudgetReading;
import litellm.callbacks.BudgetReading.Owner;

import java.util.ArrayList;
import java.util.List;

/**
 * The budgets of the table's keys, teams and users as /metrics shows them: the spend the table holds plus what this
 * proxy has not written yet, and a key's requests and tokens left in this minute (this proxy's count).
 */
final class Readings {
    private Readings() {}

    static List<BudgetReading> of(KeyTable table, Usages usages, long now) {
        List<BudgetReading> all = new ArrayList<>(table.keys().size() + table.teams().size() + table.users().size());
        for (VirtualKey k : table.keys().values()) {
            Usage u = usages.key(k.token());
            all.add(new BudgetReading(Owner.KEY, k.token(), k.keyAlias(), k.budget().maxBudget(), spent(k.budget(), u, now),
                    resetAt(k.budget()), left(k.rpmLimit(), u.requests(now)), left(k.tpmLimit(), u.tokens(now))));
        }
        for (Team t : table.teams().values())
            all.add(new BudgetReading(Owner.TEAM, t.teamId(), t.teamAlias(), t.budget().maxBudget(), spent(t.budget(), usages.team(t.teamId()), now),
                    resetAt(t.budget()), null, null));
        for (KeyUser u : table.users().values())
            all.add(new BudgetReading(Owner.USER, u.userId(), null, u.budget().maxBudget(), spent(u.budget(), usages.user(u.userId()), now),
                    resetAt(u.budget()), null, null));
        return all;
    }

    private static double spent(SpendBudget budget, Usage usage, long now) {
        return budget.spendNow(now) + usage.pendingSpend();
    }

    private static Long resetAt(SpendBudget budget) {
        return budget.duration() == null ? null : budget.resetAt();
    }

    private static Long left(Long limit, long used) {
        return limit == null ? null : Math.max(0, limit - used);
    }
}
