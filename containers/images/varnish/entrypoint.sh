#!/bin/sh
# Writes the VCL (and, for TLS, an nginx configuration) from the environment, then runs varnishd in the
# foreground.
#   LISTEN       address:port to bind (a 127.x.y.z loopback address; host networking)   default 127.0.0.1:6081
#   ORIGIN       host:port of the origin (required)
#   TTL          how long a fetched object is fresh                                      default 60s
#   GRACE        how long past its TTL a stale object may be served while refetching    default 1h
#   KEEP         how long past grace a stale object is kept for stale-if-error          default 1d
#   CACHE        storage size                                                            default 256m
#   PROBE        path the health probe HEADs on the origin, expecting 200                default /healthz
#                (the nginx image answers it; a sick origin lets Varnish serve stale objects)
#   TLS_CERT     PEM chain (leaf first) to serve HTTPS with, with TLS_KEY                default: plain HTTP
#   TLS_KEY      PEM private key of TLS_CERT
#   ORIGIN_CA    PEM certificate of the CA the origin's certificate chains to: fetch from the origin over
#                HTTPS, checking its certificate for ORIGIN_NAME                         default: plain HTTP
#   ORIGIN_NAME  the origin's host name (SNI, Host, and the name its certificate must hold)
# With TLS_CERT or ORIGIN_CA, nginx runs beside Varnish (see the Dockerfile for why): clients -> nginx (TLS on
# LISTEN) -> Varnish on a Unix socket; Varnish -> nginx on another Unix socket -> the origin over TLS.
set -eu
LISTEN=${LISTEN:-127.0.0.1:6081}
: "${ORIGIN:?set ORIGIN=host:port of the origin}"
run=/run/outage-drill
mkdir -p "$run"
workdir="/var/lib/varnish/$(echo "$LISTEN" | tr ':.' '__')"

if [ -n "${ORIGIN_CA:-}" ]; then
  : "${ORIGIN_NAME:?ORIGIN_CA needs ORIGIN_NAME, the host name the origin's certificate holds}"
  backend_address=".path = \"$run/origin.sock\";"
else
  backend_address=".host = \"${ORIGIN%:*}\"; .port = \"${ORIGIN##*:}\";"
fi
cat > /etc/varnish/outage-drill-backend.vcl <<VCL
backend origin {
    $backend_address
    .connect_timeout = 2s;
    .first_byte_timeout = 10s;
    .between_bytes_timeout = 10s;
    # A sick origin makes Varnish serve what it keeps instead of trying it per request.
    .probe = {
        .request = "HEAD ${PROBE:-/healthz} HTTP/1.1" "Host: ${ORIGIN_NAME:-origin}" "Connection: close";
        .expected_response = 200;
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}
VCL
printf 'sub outage_drill_faults {\n}\n' > /etc/varnish/outage-drill-faults.vcl
sed -e "s/@TTL@/${TTL:-60s}/" -e "s/@GRACE@/${GRACE:-1h}/" -e "s/@KEEP@/${KEEP:-1d}/" \
    /etc/varnish/outage-drill-edge.vcl.in > /etc/varnish/outage-drill-edge.vcl

servers=""
if [ -n "${TLS_CERT:-}" ]; then
  : "${TLS_KEY:?TLS_CERT needs TLS_KEY, the PEM private key}"
  varnish_listen="$run/varnish.sock,mode=666"
  servers="$servers
  server {
    listen $LISTEN ssl;
    ssl_certificate $TLS_CERT;
    ssl_certificate_key $TLS_KEY;
    location / {
      proxy_pass http://unix:$run/varnish.sock;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Host \$host;
      # Stream both ways: Varnish streams its fills, and a client's stall must reach Varnish as it happens.
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_read_timeout 60s;
    }
  }"
else
  varnish_listen="$LISTEN"
fi
if [ -n "${ORIGIN_CA:-}" ]; then
  servers="$servers
  server {
    listen unix:$run/origin.sock;
    location / {
      proxy_pass https://$ORIGIN;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Host $ORIGIN_NAME;
      proxy_ssl_server_name on;
      proxy_ssl_name $ORIGIN_NAME;
      proxy_ssl_verify on;
      proxy_ssl_trusted_certificate $ORIGIN_CA;
      proxy_buffering off;
      # Varnish's own timeouts decide; these only keep a blackholed origin from holding a fill forever.
      proxy_connect_timeout 2s;
      proxy_read_timeout 10s;
    }
  }"
fi
if [ -n "$servers" ]; then
  cat > /etc/nginx/outage-drill-tls.conf <<CONF
worker_processes 1;
error_log stderr warn;
pid $run/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_timeout 65;
$servers
}
CONF
  nginx -c /etc/nginx/outage-drill-tls.conf # daemonises; its master outlives this script as varnishd's child
fi
# -n: a work directory of its own, so several edges can run side by side on one host (host networking).
exec varnishd -F -n "$workdir" -a "$varnish_listen" \
  -f /etc/varnish/outage-drill-edge.vcl -s "malloc,${CACHE:-256m}"
