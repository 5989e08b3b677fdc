package litellm.http;

import litellm.error.ClientGone;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * Whether the client a request is served for is still there, as the upstream calls made for it see it. The server
 * binds one to the work that serves the request ({@link #serve}) and calls {@link #left()} when the client's
 * connection closes: the upstream call in flight is cut at once (its socket closed, as a passed deadline cuts it),
 * and a later call of the request fails before it is sent, as {@link ClientGone}, which is neither retried nor
 * counted against the deployment. The server watches the connection only once an upstream call of the request has
 * lasted a few milliseconds ({@code startWatching}, run by {@link Deadlines}): an answer from the cache or from a
 * script, and a quick call, cost nothing.
 */
public final class ClientPresence {
    private static final ScopedValue<ClientPresence> CURRENT = ScopedValue.newInstance();

    private final Runnable startWatching;
    private volatile boolean left;
    private volatile Cancellable call;

    public ClientPresence(Runnable startWatching) {
        this.startWatching = startWatching;
    }

    /** Runs {@code work}; the upstream calls it makes on its thread are cut when the client leaves. */
    public void serve(Runnable work) {
        ScopedValue.where(CURRENT, this).run(work);
    }

    /** The client's connection closed: the call in flight is cut now, and none is made after it. */
    public void left() {
        left = true;
        Cancellable c = call;
        if (c != null) c.cancel();
    }

    public boolean hasLeft() {
        return left;
    }

    /** What a request whose client left ends with. */
    public static ClientGone gone() {
        return new ClientGone("its connection closed while the upstream call was in flight");
    }

    /**
     * {@code c} is about to be sent for the request served on this thread: it is cut when the client leaves, at
     * once if it has left already. The presence to give {@link #ended} back; null when no client waits for the
     * call (a callback's or a script's own call).
     */
    static ClientPresence calling(Cancellable c) {
        ClientPresence p = CURRENT.isBound() ? CURRENT.get() : null;
        if (p == null) return null;
        p.call = c;
        if (p.left) c.cancel(); // left() may have run before the call was set: one of the two sees the other
        return p;
    }

    /** A call for this client lasts: its connection is watched from now on (again and again: the server's watch is idempotent). */
    void watch() {
        startWatching.run();
    }

    /** {@code c} is over: the client leaving no longer concerns it. */
    static void ended(ClientPresence p, Cancellable c) {
        if (p != null && p.call == c) p.call = null;
    }

    /** True when the call was cut because the client of {@code p} left. */
    static boolean left(ClientPresence p) {
        return p != null && p.left;
    }
}
