package litellm.runtime;

/** The product's version, as --version prints it and as every HTTP request it sends names it (User-Agent). */
public final class Version {
    public static final String VERSION = "0.1.0";
    public static final String USER_AGENT = "litellm.java/" + VERSION;

    private Version() {}
}
