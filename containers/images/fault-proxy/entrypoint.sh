#!/bin/sh
# Runs `drill toxiproxy` with the image's class path; arguments are the command's (--host, --port, --seed).
set -eu
exec java ${JAVA_OPTS:--Xmx128m} -cp "$(cat /opt/outage-drill/classpath)" io.outagedrill.app.DrillCli toxiproxy "$@"
