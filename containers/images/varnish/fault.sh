#!/bin/sh
# The edge's fault switch: replaces the active HTTP fault rules and loads them into the running Varnish as a
# new VCL (varnishadm vcl.load + vcl.use, atomic; the cache is kept). Run inside the container (docker exec).
# Arguments: zero or more rules, consulted in order for every client request (not /healthz, PURGE, BAN):
#   status:CODE:PERCENT   answer CODE instead of the file, for PERCENT% of requests (Varnish's own synth)
#   delay:MILLIS:PERCENT  hold the request MILLIS ms before serving it: a slow first byte
# With no rule the edge serves normally again. Draws use Varnish's std.random: not seeded, unlike in-process.
set -eu
faults=/etc/varnish/outage-drill-faults.vcl
{
  echo "sub outage_drill_faults {"
  for rule in "$@"; do
    kind=${rule%%:*}; rest=${rule#*:}; value=${rest%%:*}; percent=${rest#*:}
    case "$kind" in
      status) echo "    if (std.random(0, 100) < $percent) { return (synth($value, \"outage-drill fault\")); }" ;;
      delay)  echo "    if (std.random(0, 100) < $percent) { vtc.sleep(${value}ms); }" ;;
      *) echo "outage-drill-varnish-fault: unknown rule $rule (status:CODE:PERCENT or delay:MILLIS:PERCENT)" >&2
         exit 2 ;;
    esac
  done
  echo "}"
} > "$faults.new"
mv "$faults.new" "$faults"
workdir="/var/lib/varnish/$(echo "${LISTEN:-127.0.0.1:6081}" | tr ':.' '__')"
name="faults_$(date +%s%N)"
# vcl.load compiles the VCL to C and runs the C compiler: on a loaded machine that outlasts varnishadm's default
# wait of 5 s, which then fails with "CLI communication error (hdr)" although Varnish goes on loading it (seen in a
# test run beside other builds). 60 s is varnishd's own cli_timeout.
varnishadm -t 60 -n "$workdir" vcl.load "$name" /etc/varnish/outage-drill-edge.vcl >/dev/null
varnishadm -t 60 -n "$workdir" vcl.use "$name" >/dev/null
# The switch before this one is unloaded once no request uses it any more, so a flapping timeline does not pile
# up compiled VCLs.
last=/run/outage-drill/faults-vcl
if [ -f "$last" ]; then
  varnishadm -n "$workdir" vcl.discard "$(cat "$last")" >/dev/null 2>&1 || true
fi
mkdir -p /run/outage-drill
echo "$name" > "$last"
echo "$name"
