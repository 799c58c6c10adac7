#!/bin/sh
# Writes S3Proxy's properties from the environment, then runs it in the foreground. Anonymous access
# (s3proxy.authorization=none), as the in-process object store does.
#   LISTEN    address:port to bind (a 127.x.y.z loopback address; host networking)  default 127.0.0.1:9000
#   STORE     filesystem-nio2 (blobs under /srv/blobs, bind-mount it to publish files) or transient-nio2
#             (jclouds providers, as the in-process object store uses)   default filesystem-nio2
#   BUCKETS   space-separated buckets to create before it serves (directories under /srv/blobs)
#   KEYSTORE  a PKCS#12 key store (bind-mount it) to serve HTTPS only on LISTEN; KEYSTORE_PASSWORD its password
set -eu
LISTEN=${LISTEN:-127.0.0.1:9000}
STORE=${STORE:-filesystem-nio2}
for bucket in ${BUCKETS:-}; do mkdir -p "/srv/blobs/$bucket"; done
if [ -n "${KEYSTORE:-}" ]; then
  # With a key store the one endpoint is the secure one: nothing reaches this store in plain text.
  endpoint="s3proxy.secure-endpoint=https://$LISTEN
s3proxy.keystore-path=$KEYSTORE
s3proxy.keystore-password=${KEYSTORE_PASSWORD:?KEYSTORE needs KEYSTORE_PASSWORD}"
else
  endpoint="s3proxy.endpoint=http://$LISTEN"
fi
cat > /opt/s3proxy/s3proxy.conf <<CONF
$endpoint
s3proxy.authorization=none
jclouds.provider=$STORE
jclouds.filesystem.basedir=/srv/blobs
jclouds.identity=local
jclouds.credential=local
CONF
LOG_LEVEL=${LOG_LEVEL:-warn}
JETTY_LOG_LEVEL=${JETTY_LOG_LEVEL:-warn}
export LOG_LEVEL JETTY_LOG_LEVEL
exec java ${JAVA_OPTS:-} -jar /opt/s3proxy/s3proxy.jar --properties /opt/s3proxy/s3proxy.conf
