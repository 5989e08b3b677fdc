package litellm.keys;

import java.util.List;
import java.util.Map;

/** A row of LiteLLM's user table: its budget and models bound every key of the user. */
record KeyUser(String userId, String userEmail, String userRole, List<String> models, SpendBudget budget,
               Map<String, Object> metadata, long createdAt, long updatedAt) {}
