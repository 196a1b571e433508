package dev.consort.tools.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The .gitignore rules in force in one folder: its ancestors' rules plus its own. Immutable.
 * Supports globs, {@code **}, leading-slash anchoring, trailing-slash folder rules and {@code !} negation;
 * the last matching rule wins, as in git.
 */
final class IgnoreRules {

    private record Rule(String base, Pattern pattern, boolean negated, boolean folderOnly) {
    }

    static final IgnoreRules EMPTY = new IgnoreRules(List.of());

    private final List<Rule> rules;

    private IgnoreRules(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules for {@code folder} (relative path {@code base}, "" for the root), adding its .gitignore. */
    IgnoreRules enter(Path folder, String base) throws IOException {
        Path file = folder.resolve(".gitignore");
        // A linked .gitignore could point out of the sandbox; git itself does not follow one either.
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return this;
        }
        List<Rule> all = new ArrayList<>(rules);
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Rule rule = parse(base, raw);
            if (rule != null) {
                all.add(rule);
            }
        }
        return new IgnoreRules(List.copyOf(all));
    }

    /** Whether a path (relative to the root, '/'-separated) is ignored. */
    boolean ignored(String relative, boolean folder) {
        if (relative.equals(".git") || relative.endsWith("/.git")) {
            return true;
        }
        boolean ignored = false;
        for (Rule rule : rules) {
            if (rule.folderOnly && !folder) {
                continue;
            }
            String local;
            if (rule.base.isEmpty()) {
                local = relative;
            } else if (relative.startsWith(rule.base + "/")) {
                local = relative.substring(rule.base.length() + 1);
            } else {
                continue;
            }
            if (rule.pattern.matcher(local).matches()) {
                ignored = !rule.negated;
            }
        }
        return ignored;
    }

    private static Rule parse(String base, String raw) {
        String line = stripTrailingSpaces(raw);
        if (line.isEmpty() || line.startsWith("#")) {
            return null;
        }
        boolean negated = false;
        if (line.startsWith("!")) {
            negated = true;
            line = line.substring(1);
        } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
            line = line.substring(1);
        }
        boolean folderOnly = false;
        if (line.endsWith("/")) {
            folderOnly = true;
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            return null;
        }
        boolean anchored = line.contains("/");
        if (line.startsWith("/")) {
            line = line.substring(1);
        }
        String regex = toRegex(line);
        if (!anchored) {
            regex = "(?:.*/)?" + regex;
        }
        return new Rule(base, Pattern.compile(regex), negated, folderOnly);
    }

    private static String stripTrailingSpaces(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ' && !(end > 1 && line.charAt(end - 2) == '\\')) {
            end--;
        }
        return line.substring(0, end);
    }

    /** Converts one gitignore glob to a regular expression over a '/'-separated relative path. */
    static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean atStart = i == 0 || glob.charAt(i - 1) == '/';
                boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                if (atStart && slashAfter) {
                    re.append("(?:.*/)?");
                    i += 3;
                } else {
                    re.append(".*");
                    i += 2;
                }
            } else if (c == '*') {
                re.append("[^/]*");
                i++;
            } else if (c == '?') {
                re.append("[^/]");
                i++;
            } else if (c == '[') {
                int close = glob.indexOf(']', i + 1);
                if (close < 0) {
                    re.append("\\[");
                    i++;
                } else {
                    String body = glob.substring(i + 1, close);
                    re.append('[');
                    int from = 0;
                    if (body.startsWith("!") || body.startsWith("^")) {
                        re.append('^');
                        from = 1;
                    }
                    for (char b : body.substring(from).toCharArray()) {
                        // Only ranges keep their meaning; anything else Java's regex might read as syntax is escaped.
                        re.append(b == '-' || Character.isLetterOrDigit(b) ? String.valueOf(b) : "\\" + b);
                    }
                    re.append(']');
                    i = close + 1;
                }
            } else if (c == '\\' && i + 1 < glob.length()) {
                re.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
                i += 2;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return re.toString();
    }
}
