package litellm.callbacks;

/** Where a callback sends finished calls. {@link #log} runs in the call's own path: it queues, never waits for a network. */
public interface CallLogger {
    void log(CallLog call);
}
