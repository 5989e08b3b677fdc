package litellm.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV as RFC 4180 writes it: fields split by commas, a field in double quotes may hold commas, line breaks and
 * {@code ""} (one quote). Each row keeps the line it starts on, for messages.
 */
final class Csv {
    record Row(int line, List<String> fields) {}

    private Csv() {}

    /** The rows, blank lines left out. @throws BadInput at the line of a quote that is never closed */
    static List<Row> rows(String text, String file) throws BadInput {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1, rowLine = 1, quotedAt = 0;
        boolean quoted = false, rowHasText = false;
        for (int i = text.startsWith("\uFEFF") ? 1 : 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                quotedAt = line;
                rowHasText = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                rowHasText = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                if (rowHasText || !field.isEmpty()) rows.add(row(rowLine, fields, field));
                fields = new ArrayList<>();
                field.setLength(0);
                rowHasText = false;
                rowLine = ++line;
            } else {
                field.append(c);
            }
        }
        if (quoted) throw new BadInput(file + ":" + quotedAt + ": a quoted field is never closed (a \" is missing)");
        if (rowHasText || !field.isEmpty()) rows.add(row(rowLine, fields, field));
        return rows;
    }

    private static Row row(int line, List<String> fields, StringBuilder last) {
        fields.add(last.toString());
        return new Row(line, List.copyOf(fields));
    }
}
