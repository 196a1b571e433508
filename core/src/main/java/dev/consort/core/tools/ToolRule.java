package dev.consort.core.tools;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One permission rule: {@code allow}, {@code ask} or {@code deny} for a tool, optionally narrowed by a
 * pattern over its leading arguments: {@code run_command(git status*)}, {@code run_command(git push:*)}
 * (the {@code :*} form is a prefix), {@code write_file(docs/**)}. In a pattern, {@code **} matches
 * anything, {@code *} anything but {@code /} for file tools and anything at all for commands.
 *
 * @param verdict {@code allow}, {@code ask} or {@code deny}
 * @param text    the rule as written
 * @param tool    the tool it covers ({@code *} for all)
 * @param subject the argument pattern, or null for every call of the tool
 * @param where   where it was written
 */
record ToolRule(String verdict, String text, String tool, Pattern subject, String where) {

    private static final Pattern FORM = Pattern.compile("([a-z*][a-z0-9_*]*)(?:\\((.*)\\))?");

    static ToolRule parse(String verdict, String text, String where) {
        java.util.regex.Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not TOOL or TOOL(pattern)");
        }
        String tool = m.group(1);
        String arg = m.group(2);
        return new ToolRule(verdict, text.trim(), tool, arg == null ? null : compile(arg, commandLike(tool)), where);
    }

    static boolean commandLike(String tool) {
        return tool.equals("run_command") || tool.equals("*");
    }

    private static Pattern compile(String glob, boolean command) {
        String g = glob;
        boolean prefix = g.endsWith(":*");
        if (prefix) {
            g = g.substring(0, g.length() - 2);
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*') {
                if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append(command ? ".*" : "[^/]*");
                }
            } else if (c == '?') {
                re.append(command ? "." : "[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (prefix) {
            re.append("(\\s.*)?");
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    boolean covers(String toolName, String callSubject) {
        if (!tool.equals("*") && !tool.equals(toolName.toLowerCase(Locale.ROOT))) {
            return false;
        }
        return subject == null || subject.matcher(callSubject).matches();
    }
}
