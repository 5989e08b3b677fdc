package litellm.e2e.keys;

import litellm.keys.Database;

/** Virtual keys in the embedded default: H2 in a file, as with a master key and no database_url. */
class VirtualKeysEmbeddedTest extends VirtualKeysContract {
    @Override
    Database database() throws Exception {
        return Database.embedded(dir.resolve("litellm-keys"));
    }
}
