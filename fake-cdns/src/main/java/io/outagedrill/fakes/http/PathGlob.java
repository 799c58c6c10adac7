package io.outagedrill.fakes.http;

import java.util.regex.Pattern;

/**
 * A URL-path pattern: {@code *} matches within one segment, {@code **} across segments, {@code ?} one
 * character other than {@code /}; anything else matches itself. Written by hand because
 * {@link java.nio.file.PathMatcher} follows the platform's file-name rules, not URL paths.
 */
record PathGlob(String glob, Pattern pattern) {

    static PathGlob of(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                if (c == '?') {
                    regex.append("[^/]");
                } else if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    regex.append(".*");
                    i++;
                } else {
                    regex.append("[^/]*");
                }
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return new PathGlob(glob, Pattern.compile(regex.toString()));
    }

    boolean matches(String path) {
        return pattern.matcher(path).matches();
    }
}
