package litellm.keys;

import java.util.Map;

/** The keys, users and teams as last read from the database: what every call is checked against, in memory. */
record KeyTable(Map<String, VirtualKey> keys, Map<String, KeyUser> users, Map<String, Team> teams) {
    static final KeyTable EMPTY = new KeyTable(Map.of(), Map.of(), Map.of());
}
