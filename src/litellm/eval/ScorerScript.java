package litellm.eval;

import groovy.lang.Script;

/**
 * The base of a scorer script: {@code <name>.groovy} in the folder {@code --scorers} names, used as
 * {@code --scorer <name>} (every script there, when no {@code --scorer} is given). It defines one method:
 * <pre>
 * // a reply of at most 20 words
 * def score(item, reply) {
 *     reply.split(/\s+/).size() <= 20
 * }
 * </pre>
 * {@code item} is a map: {@code item.input}, {@code item.expected}, {@code item.choices}, {@code item.id} and every
 * field of the data; {@code reply} is the model's text. It returns true or false, a number, or
 * {@code [score: 0.5, note: 'why']}. It may be called from several threads at once: keep no state between calls.
 * An edited script scores from the next reply on; one that does not compile is reported with file and line, and
 * the last good version goes on.
 */
public abstract class ScorerScript extends Script {
    /** The last number written in {@code text} ("1,234.5" is 1234.5), or null: as the numeric scorer reads replies. */
    public Double lastNumber(String text) {
        return NumericScorer.lastNumber(text);
    }
}
