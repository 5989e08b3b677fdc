package litellm.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a test opens (fake upstreams, proxies), closed after each test, the last opened first: a {@code @RegisterExtension} field. */
public final class Opened implements AfterEachCallback {
    private final List<AutoCloseable> opened = new ArrayList<>();

    public synchronized <T extends AutoCloseable> T add(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    /** A fake upstream answering {@code path} with {@code whole}, or {@code streamed} to a request for a stream. */
    public FakeUpstream upstream(String path, FakeUpstream.Reply whole, FakeUpstream.Reply streamed) {
        return add(FakeUpstream.start().onStreamOrNot(path, whole, streamed));
    }

    /** A proxy started with this config, written in {@code dir}. */
    public ProxyUnderTest proxy(Path dir, String yaml) throws Exception {
        return add(ProxyUnderTest.withConfig(dir, yaml));
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) throws Exception {
        for (AutoCloseable c : opened.reversed()) c.close();
        opened.clear();
    }
}
