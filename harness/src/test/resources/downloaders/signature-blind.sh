#!/bin/sh
# A downloader that reads the signed manifest but never checks its signature: it takes the JWS's payload as it
# comes and fetches the file from the first mirror it names. Tests run it as a cmd: downloader to show that the
# manifest attack scenarios catch such a client (it must fail them).
# Usage: signature-blind.sh MANIFEST_URL CA_PEM OUTPUT HOST:ADDRESS...
set -eu
manifest=$1 ca=$2 output=$3
shift 3
# curl's --resolve wants HOST:PORT:ADDRESS for the host and port of each URL it fetches.
resolve_for() {
  hostport=${1#*://}; hostport=${hostport%%/*}
  host=${hostport%:*}; port=${hostport##*:}
  for pair in $pairs; do
    if [ "${pair%%:*}" = "$host" ]; then printf '%s:%s:%s' "$host" "$port" "${pair#*:}"; return; fi
  done
}
pairs="$*"
jws=$(curl -sSf --max-time 20 --cacert "$ca" --resolve "$(resolve_for "$manifest")" "$manifest")
payload=$(printf '%s' "$jws" | cut -d. -f2 | tr '_-' '/+')
case $(( ${#payload} % 4 )) in 2) payload="$payload==" ;; 3) payload="$payload=" ;; esac
url=$(printf '%s' "$payload" | base64 -d | tr -d '\n' | grep -o '"url" *: *"[^"]*"' | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
curl -sSf --max-time 60 --cacert "$ca" --resolve "$(resolve_for "$url")" -o "$output" "$url"
