package litellm.provider;

import litellm.error.LlmError;

import java.time.Duration;

/**
 * Follow-up HTTP calls a script makes while the core handles one request: polling an
 * asynchronous job, or a first step before the call the core makes (e.g. creating a job, then
 * streaming it). They go through the core's one client, share the request's deadline and are
 * logged by --debug like the main call. A script reaches them as {@code call.send(...)}.
 */
public interface FollowUps {
    /**
     * Sends {@code [url:, method:, headers:, body:]} (as {@code request()} returns) and gives the
     * parsed JSON answer. An error status throws the {@link LlmError} the client would get for it
     * (status kept, the script's {@code errorMessage}, Retry-After); so does the deadline passing.
     */
    Object send(Object request);

    /** The time left before the request's deadline; zero once it has passed. */
    Duration timeLeft();

    /** For calls made outside the core (tests of a script): follow-up calls are refused. */
    FollowUps NONE = new FollowUps() {
        @Override
        public Object send(Object request) {
            throw LlmError.internal("follow-up upstream calls are only possible while the proxy handles a request");
        }

        @Override
        public Duration timeLeft() {
            return Duration.ZERO;
        }
    };
}
