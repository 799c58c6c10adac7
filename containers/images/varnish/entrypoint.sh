#!/bin/sh
# Writes the VCL from the environment, then runs varnishd in the foreground.
#   LISTEN   address:port to bind (a 127.x.y.z loopback address; host networking)  default 127.0.0.1:6081
#   ORIGIN   host:port of the origin (required)
#   TTL      how long a fetched object is fresh                                      default 60s
#   GRACE    how long past its TTL a stale object may be served while refetching    default 1h
#   KEEP     how long past grace a stale object is kept for stale-if-error          default 1d
#   CACHE    storage size                                                            default 256m
#   PROBE    path the health probe HEADs on the origin, expecting 200                default /healthz
#            (the nginx image answers it; a sick origin lets Varnish serve stale objects)
set -eu
LISTEN=${LISTEN:-127.0.0.1:6081}
: "${ORIGIN:?set ORIGIN=host:port of the origin}"
origin_host=${ORIGIN%:*}
origin_port=${ORIGIN##*:}
sed -e "s/@ORIGIN_HOST@/$origin_host/" -e "s/@ORIGIN_PORT@/$origin_port/" \
    -e "s/@TTL@/${TTL:-60s}/" -e "s/@GRACE@/${GRACE:-1h}/" -e "s/@KEEP@/${KEEP:-1d}/" \
    -e "s|@PROBE@|${PROBE:-/healthz}|" \
    /etc/varnish/outage-drill-edge.vcl.in > /etc/varnish/outage-drill-edge.vcl
# -n: a work directory of its own, so several edges can run side by side on one host (host networking).
exec varnishd -F -n "/var/lib/varnish/$(echo "$LISTEN" | tr ':.' '__')" -a "$LISTEN" \
  -f /etc/varnish/outage-drill-edge.vcl -s "malloc,${CACHE:-256m}"
