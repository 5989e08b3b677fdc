package litellm.testing;

import java.util.function.BooleanSupplier;

/** A condition polled until it holds: a test waits as long as the behaviour takes, and 10 s at most. */
public final class Eventually {
    private Eventually() {}

    /** @throws AssertionError naming {@code what} when it does not hold within 10 s */
    public static void holds(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) throw new AssertionError("not within 10 s: " + what);
            Thread.sleep(20);
        }
    }
}
