vcl 4.1;
# A CDN edge: caches the origin's files, serves them stale while it refetches (grace) and while the origin
# fails (stale-if-error: while the probe finds the origin sick, anything within its grace is served, and a
# failed background refetch is abandoned so the stale object stays), and forgets them on PURGE (one URL) or
# BAN (every URL matching the X-Ban-Url regex, "." for all): a cache flush, after which an origin outage
# can no longer be hidden.

import std;

backend origin {
    .host = "@ORIGIN_HOST@";
    .port = "@ORIGIN_PORT@";
    .connect_timeout = 2s;
    .first_byte_timeout = 10s;
    .between_bytes_timeout = 10s;
    # A sick origin makes Varnish serve what it keeps instead of trying it per request.
    .probe = {
        .request = "HEAD @PROBE@ HTTP/1.1" "Host: origin" "Connection: close";
        .expected_response = 200;
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}

# Only the loopback may flush the cache (every server here is on 127.0.0.0/8).
acl flushers {
    "127.0.0.0"/8;
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ flushers) { return (synth(405, "PURGE only from loopback")); }
        return (purge);
    }
    if (req.method == "BAN") {
        if (client.ip !~ flushers) { return (synth(405, "BAN only from loopback")); }
        ban("obj.http.x-url ~ " + req.http.X-Ban-Url);
        return (synth(200, "Banned"));
    }
    if (req.url == "/healthz") { return (synth(200, "ok")); }
    # While the origin is sick, anything kept (grace and keep) may be served.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_backend_response {
    # Errors from the origin never replace a good object: abandon, so the stale one stays (stale-if-error).
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    set beresp.http.x-url = bereq.url;
    set beresp.ttl = std.duration("@TTL@", 60s);
    set beresp.grace = std.duration("@GRACE@", 1h);
    set beresp.keep = std.duration("@KEEP@", 1d);
    return (deliver);
}

sub vcl_backend_error {
    if (bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.x-url;
}
