package litellm.eval;

/**
 * Input the eval cannot run with (a data line that is not JSON, an unknown scorer, a missing file): one line that
 * says where and what, {@code FILE:LINE: what is wrong} when it is in a file. The run stops before any call, exit 2.
 */
public final class BadInput extends Exception {
    public BadInput(String message) {
        super(message, null, false, false);
    }
}
