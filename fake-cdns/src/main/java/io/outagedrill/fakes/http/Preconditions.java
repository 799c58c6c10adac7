package io.outagedrill.fakes.http;

import io.outagedrill.fakes.content.HostedContent;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The conditional request headers a file server honours (RFC 9110 §13), against one representation. */
final class Preconditions {
    private static final Pattern ENTITY_TAG = Pattern.compile("(?:W/)?\"[^\"]*\"");

    private Preconditions() {
    }

    /** RFC 9110 §13.1.2: true if If-None-Match is {@code *} or lists the ETag (weak comparison). */
    static boolean noneMatch(String ifNoneMatch, HostedContent content) {
        if (ifNoneMatch == null) {
            return false;
        }
        if (ifNoneMatch.trim().equals("*")) {
            return true;
        }
        String opaque = opaqueTag(content.etag());
        Matcher tags = ENTITY_TAG.matcher(ifNoneMatch);
        while (tags.find()) {
            if (opaqueTag(tags.group()).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 9110 §13.1.5: a Range is honoured only if If-Range is absent or names the current representation. */
    static boolean rangeHolds(String ifRange, HostedContent content) {
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return value.equals(content.etag()); // strong comparison: a weak tag never matches
        }
        return HttpDates.parse(value).map(d -> d.equals(content.lastModified())).orElse(false);
    }

    private static String opaqueTag(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }
}
