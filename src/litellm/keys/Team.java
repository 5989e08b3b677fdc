package litellm.keys;

import java.util.List;
import java.util.Map;

/**
 * A row of LiteLLM's team table: its budget, models and limits bound every key of the team.
 *
 * @param members LiteLLM's {@code members_with_roles}: {@code {"user_id": ..., "role": "admin" | "user"}}
 */
record Team(String teamId, String teamAlias, List<String> models, List<Map<String, Object>> members, SpendBudget budget,
            Long rpmLimit, Long tpmLimit, Map<String, Object> metadata, long createdAt, long updatedAt) {}
