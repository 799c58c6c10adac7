#!/bin/sh
# Writes nginx.conf from the environment, then runs nginx in the foreground.
#   LISTEN         address:port to bind (a 127.x.y.z loopback address; host networking)   default 127.0.0.1:8080
#   MODE           origin: serve ROOT; edge: cache UPSTREAM                                 default origin
#   ROOT           directory served in origin mode (bind-mount the files here)             default /srv/files
#   UPSTREAM       host:port of the origin in edge mode
#   CACHE_CONTROL  Cache-Control header sent with every file                               default public, max-age=60
#   TLS_CERT       PEM chain (leaf first) to serve HTTPS with; with TLS_KEY               default: plain HTTP
#   TLS_KEY        PEM private key of TLS_CERT
# Range, If-Range and ETag are nginx's own static-file handling; sendfile is on.
set -eu
LISTEN=${LISTEN:-127.0.0.1:8080}
MODE=${MODE:-origin}
ROOT=${ROOT:-/srv/files}
CACHE_CONTROL=${CACHE_CONTROL:-public, max-age=60}
listen="listen $LISTEN;"
if [ -n "${TLS_CERT:-}" ]; then
  : "${TLS_KEY:?TLS_CERT needs TLS_KEY, the PEM private key}"
  listen="listen $LISTEN ssl;
    ssl_certificate $TLS_CERT;
    ssl_certificate_key $TLS_KEY;"
fi
case "$MODE" in
  origin)
    location="root $ROOT;
      sendfile on;
      tcp_nopush on;
      etag on;
      add_header Cache-Control \"$CACHE_CONTROL\" always;"
    ;;
  edge)
    : "${UPSTREAM:?MODE=edge needs UPSTREAM=host:port of the origin}"
    location="proxy_pass http://$UPSTREAM;
      proxy_http_version 1.1;
      proxy_cache edge;
      proxy_cache_valid 200 206 10m;
      proxy_cache_use_stale error timeout http_500 http_502 http_503 http_504 updating;
      proxy_cache_background_update on;
      proxy_cache_lock on;
      # Caching, nginx fetches whole files from the origin and answers ranges from its cache.
      proxy_cache_key \$uri;
      add_header X-Cache-Status \$upstream_cache_status always;"
    ;;
  *) echo "outage-drill-nginx: MODE must be origin or edge, was $MODE" >&2; exit 2 ;;
esac
cat > /etc/nginx/nginx.conf <<CONF
worker_processes 1;
daemon off;
error_log stderr warn;
pid /run/nginx.pid;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  keepalive_timeout 65;
  proxy_cache_path /var/cache/outage-drill-edge keys_zone=edge:10m max_size=4g inactive=1d use_temp_path=off;
  server {
    $listen
    server_name _;
    location = /healthz { return 200 "ok\n"; }
    location / {
      $location
    }
  }
}
CONF
exec nginx -c /etc/nginx/nginx.conf
