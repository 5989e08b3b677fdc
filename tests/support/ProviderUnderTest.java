package litellm.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A provider's fake upstream and the proxy (or proxies) in front of it, for one test class: registered with
 * {@code @RegisterExtension static final ProviderUnderTest gemini = new ProviderUnderTest("gemini", "gemini-1.5-flash", "/v1beta", KEY);}
 * it starts the upstream and then the proxies before the class's tests, and closes them after.
 * More proxies on the same upstream: {@code static final ProviderUnderTest.Proxy text = palm.serving("text-bison-001");}.
 */
public final class ProviderUnderTest implements BeforeAllCallback, AfterAllCallback {
    private final String provider, apiBase, apiKey;
    private final List<Proxy> proxies = new ArrayList<>();
    private final Proxy main;
    private FakeUpstream upstream;

    /** The upstream, and one proxy serving {@code provider/model} as {@code --model provider/model --api_base <upstream>apiBase}. */
    public ProviderUnderTest(String provider, String model, String apiBase, String apiKey) {
        this.provider = provider;
        this.apiBase = apiBase;
        this.apiKey = apiKey;
        this.main = serving(model);
    }

    /** The upstream only; {@link #serving(String)} adds the proxies, each for a {@code provider} model at {@code apiBase} with {@code apiKey}. */
    public ProviderUnderTest(String provider, String apiBase, String apiKey) {
        this.provider = provider;
        this.apiBase = apiBase;
        this.apiKey = apiKey;
        this.main = null;
    }

    /** The upstream only; {@link #serving(Function)} adds the proxies. */
    public ProviderUnderTest() {
        this(null, null, null);
    }

    /** Another proxy on the same upstream, serving {@code provider/model} with the api base and key given above. */
    public Proxy serving(String model) {
        return serving(model, apiBase, apiKey);
    }

    /** Another proxy on the same upstream, serving {@code provider/model} at {@code <upstream>apiBase} with {@code apiKey}. */
    public Proxy serving(String model, String apiBase, String apiKey) {
        return serving(base -> ProxyUnderTest.serving(provider, model, base + apiBase, apiKey));
    }

    /** Another proxy on the same upstream, started by {@code start} from the upstream's base URL (for other deployments or settings). */
    public Proxy serving(Function<String, ProxyUnderTest> start) {
        Proxy proxy = new Proxy(start);
        proxies.add(proxy);
        return proxy;
    }

    public FakeUpstream upstream() {
        if (upstream == null) throw new IllegalStateException("the upstream starts before the test class's tests");
        return upstream;
    }

    /** The proxy given to the constructor. */
    public ProxyUnderTest proxy() {
        if (main == null) throw new IllegalStateException("no proxy was given to the constructor: use the ones from serving(...)");
        return main.get();
    }

    /** {@code path} on the proxy given to the constructor. */
    public String url(String path) {
        return proxy().url(path);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        upstream = FakeUpstream.start();
        for (Proxy proxy : proxies) proxy.start(upstream.baseUrl());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (Proxy proxy : proxies.reversed()) proxy.close();
        upstream.close();
        upstream = null;
    }

    /** A proxy in front of the upstream, started with it. */
    public static final class Proxy {
        private final Function<String, ProxyUnderTest> start;
        private ProxyUnderTest running;

        private Proxy(Function<String, ProxyUnderTest> start) {
            this.start = start;
        }

        public ProxyUnderTest get() {
            if (running == null) throw new IllegalStateException("the proxy starts before the test class's tests");
            return running;
        }

        public String url(String path) {
            return get().url(path);
        }

        private void start(String upstreamBase) {
            running = start.apply(upstreamBase);
        }

        private void close() {
            if (running != null) running.close();
            running = null;
        }
    }
}
