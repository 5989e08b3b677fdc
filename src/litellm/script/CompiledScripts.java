package litellm.script;

import groovy.lang.GroovySystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A disk cache of compiled script classes, so that a start with unchanged scripts defines their
 * bytecode instead of loading and running the Groovy compiler (most of a cold start's work).
 * An entry is keyed by a hash of everything the bytecode depends on: the script's text and name,
 * the Groovy version, and the base class and build it was compiled against. A missing, unreadable
 * or stale entry just means compiling again.
 *
 * <p>Folder: {@link UserFolders#compiledScripts()}; the system property {@code litellm.script_cache}
 * sets another one, or {@code off}.
 */
final class CompiledScripts {
    private static final Logger log = LoggerFactory.getLogger(CompiledScripts.class);
    private static final int FORMAT = 1;

    private final Path dir;

    private CompiledScripts(Path dir) {
        this.dir = dir;
    }

    /** The user's cache, or one that never finds anything when turned off. */
    static CompiledScripts fromSystem() {
        String setting = System.getProperty("litellm.script_cache");
        if ("off".equalsIgnoreCase(setting)) return new CompiledScripts(null);
        return new CompiledScripts(setting != null ? Path.of(setting)
                : UserFolders.fromEnvironment().compiledScripts());
    }

    /** The key of a script's compiled form. */
    static String key(Class<?> baseClass, String[] starImports, String fileName, String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            var location = baseClass.getProtectionDomain().getCodeSource();
            for (String part : new String[]{"format " + FORMAT, GroovySystem.getVersion(), Runtime.version().feature() + "",
                    baseClass.getName(), location == null ? "" : location.getLocation().toString(), String.join(",", starImports), fileName}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            try (InputStream in = baseClass.getResourceAsStream(baseClass.getSimpleName() + ".class")) {
                if (in != null) sha.update(in.readAllBytes()); // a changed base class changes what the bytecode links to
            }
            sha.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot hash a script: " + e, e);
        }
    }

    /** The classes (name to bytecode, the script class first) stored under {@code key}, or null. */
    Map<String, byte[]> get(String key) {
        if (dir == null) return null;
        Path file = dir.resolve(key + ".classes");
        try (var in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (int n = in.readInt(); n > 0; n--) classes.put(in.readUTF(), in.readNBytes(in.readInt()));
            return classes;
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            log.debug("ignoring the unreadable compiled script {}: {}", file, e.toString());
            return null;
        }
    }

    /** Stores compiled classes; a failure only costs a compile next time. */
    void put(String key, Map<String, byte[]> classes) {
        if (dir == null) return;
        try {
            var bytes = new ByteArrayOutputStream();
            try (var out = new DataOutputStream(bytes)) {
                out.writeInt(classes.size());
                for (var c : classes.entrySet()) {
                    out.writeUTF(c.getKey());
                    out.writeInt(c.getValue().length);
                    out.write(c.getValue());
                }
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            Files.write(tmp, bytes.toByteArray());
            Files.move(tmp, dir.resolve(key + ".classes"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            log.debug("could not cache a compiled script in {}: {}", dir, e.toString());
        }
    }

    /** Defines a script's classes, each on first need, in a loader of their own (as the Groovy compiler does). */
    static final class Loader extends ClassLoader {
        private final Map<String, byte[]> classes;

        Loader(ClassLoader parent, Map<String, byte[]> classes) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) throw new ClassNotFoundException(name);
            return defineClass(name, b, 0, b.length);
        }
    }
}
