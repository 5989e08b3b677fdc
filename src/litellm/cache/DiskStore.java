package litellm.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Answers kept in files, one per key, so that they outlive the process: the eval's answer cache, which makes a rerun
 * cost nothing. A file holds its expiry time (0: never) and the value; it is written whole, then renamed into place,
 * so a reader sees an old file or a new one, never half of one. A file that cannot be read is a miss.
 */
final class DiskStore implements CacheStore {
    private static final Logger log = LoggerFactory.getLogger(DiskStore.class);

    private final Path dir;

    DiskStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public byte[] get(String key) {
        try {
            ByteBuffer entry = ByteBuffer.wrap(Files.readAllBytes(file(key)));
            long expiresAt = entry.getLong();
            if (expiresAt != 0 && System.currentTimeMillis() > expiresAt) return null;
            byte[] value = new byte[entry.remaining()];
            entry.get(value);
            return value;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            log.debug("cache: ignoring the unreadable {}: {}", file(key), e.toString());
            return null;
        }
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        Path file = file(key);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.write(tmp, ByteBuffer.allocate(8 + value.length)
                    .putLong(ttl == null ? 0 : System.currentTimeMillis() + ttl.toMillis()).put(value).array());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            log.warn("cache: could not write {}: {}", file, e.toString()); // the answer is served, only not kept
        }
    }

    @Override
    public boolean delete(String key) {
        try {
            return Files.deleteIfExists(file(key));
        } catch (IOException e) {
            return false;
        }
    }

    /** Keys hold a namespace of any text: the file is named by the key's hash, in one of 256 folders. */
    private Path file(String key) {
        String hash = HexFormat.of().formatHex(CacheKey.sha256(key.getBytes(StandardCharsets.UTF_8)));
        return dir.resolve(hash.substring(0, 2)).resolve(hash.substring(2));
    }
}
