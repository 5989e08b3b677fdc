package litellm.tests.support;

import litellm.LiteLLM;
import litellm.Settings;
import litellm.provider.ProviderScripts;
import litellm.routing.Deployment;
import litellm.routing.Router;
import litellm.server.ProxyServer;
import litellm.upstream.UpstreamClient;

import java.nio.file.Path;
import java.util.Map;

/** The proxy in this JVM on a free loopback port, serving one deployment as {@code --model} does. */
public final class ProxyUnderTest implements AutoCloseable {
    private final ProxyServer server;

    private ProxyUnderTest(ProxyServer server) {
        this.server = server;
    }

    public static ProxyUnderTest serving(Deployment deployment, Settings settings, Path userProviders) {
        ProviderScripts scripts = new ProviderScripts(userProviders);
        LiteLLM engine = new LiteLLM(settings, Router.fixed(deployment), scripts, new UpstreamClient("litellm.java-tests"));
        return new ProxyUnderTest(new ProxyServer(engine).start("127.0.0.1", 0));
    }

    /** {@code --model <model> --api_base <apiBase>} with the given key. */
    public static ProxyUnderTest serving(String provider, String model, String apiBase, String apiKey) {
        return serving(new Deployment(provider + "/" + model, provider, model, apiBase, apiKey, null, Map.of()), Settings.defaults(), null);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
