package litellm.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** An option whose value is a text or, written {@code @FILE}, the text of a file: {@code --prompt @prompt.txt}. */
public record TextOption(String text, String origin) {
    /**
     * @param flag the option's name, for messages and as the text's origin when it is given inline
     * @return null when the option is not given
     */
    public static TextOption of(String value, String flag) throws BadInput {
        if (value == null) return null;
        if (!value.startsWith("@")) return new TextOption(value, flag);
        Path file = Path.of(value.substring(1));
        try {
            return new TextOption(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new BadInput(flag + ": no such file " + file);
        } catch (IOException e) {
            throw new BadInput(flag + ": cannot read " + file + ": " + e.getMessage());
        }
    }
}
