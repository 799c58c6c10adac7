vcl 4.1;
# A CDN edge: caches the origin's files, serves them stale while it refetches (grace) and while the origin
# fails (stale-if-error: while the probe finds the origin sick, anything within its grace is served, and a
# failed background refetch is abandoned so the stale object stays), and forgets them on PURGE (one URL) or
# BAN (every URL matching the X-Ban-Url regex, "." for all): a cache flush, after which an origin outage
# can no longer be hidden. The origin backend (plain TCP, or the in-container TLS originator's Unix socket)
# and the active fault rules are included from files entrypoint.sh and fault.sh write.

import std;
import vtc;

include "/etc/varnish/outage-drill-backend.vcl";
include "/etc/varnish/outage-drill-faults.vcl";

# Only the loopback may flush the cache (every server here is on 127.0.0.0/8). 0.0.0.0 is what Varnish gives a
# client on its Unix socket, which only the in-container TLS front reaches (its own clients are on loopback).
acl flushers {
    "127.0.0.0"/8;
    "0.0.0.0";
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
    # The scenario's HTTP faults on this edge (fault.sh): answers and delays made by Varnish itself.
    call outage_drill_faults;
    # While the origin is sick, anything kept (grace and keep) may be served.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_backend_response {
    # Errors from the origin never replace a good object: a background refetch is abandoned, so the stale one
    # stays (stale-if-error); a foreground fetch passes the error on uncached, so the next request tries again.
    if (beresp.status >= 500) {
        if (bereq.is_bgfetch) {
            return (abandon);
        }
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # A background refresh fills the whole body before it replaces the stale copy: one cut mid-body (the origin
    # going down) then leaves the stale copy in place, where a streaming refresh would already have replaced it.
    if (bereq.is_bgfetch) {
        set beresp.do_stream = false;
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
