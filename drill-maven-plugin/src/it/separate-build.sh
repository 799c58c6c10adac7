#!/bin/sh
# The Maven release gate as a user meets it: a separate Maven build of a project that only declares
# drill-maven-plugin. Installs this project into a throw-away local repository (dependencies are read from
# ~/.m2 through Maven's read-only repository tail, nothing is written there), then builds media-pipeline/ twice:
#   1. the reference client on reset-mid-transfer and primary-blackhole-mid-transfer: must pass (exit 0);
#   2. curl on the same two: curl has no failover, so the blackhole scenario misses its SLOs and the build
#      must fail (exit 1) naming them.
# About 2 minutes on 2 cores; not part of ./mvnw verify (the Mojo's own tests are).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/drill-gate.XXXXXX")
trap 'rm -rf "$work"' EXIT
repo="-Dmaven.repo.local=$work/m2 -Dmaven.repo.local.tail=$HOME/.m2/repository"
echo "separate-build: installing the plugin and what it needs into $work/m2..."
"$root/mvnw" -q -B -f "$root/pom.xml" install -DskipTests -DskipITs -pl drill-maven-plugin -am $repo
cp -r "$here/media-pipeline" "$work/project"
mkdir -p "$work/project/scenarios"
cp "$root/scenarios/reset-mid-transfer.yaml" "$root/scenarios/primary-blackhole-mid-transfer.yaml" \
  "$work/project/scenarios/"
gate() { # CLIENT -> the build's exit status
  status=0
  (cd "$work/project" && "$root/mvnw" -B verify $repo -Ddrill.client="$1" \
     -Ddrill.scenarios=reset-mid-transfer,primary-blackhole-mid-transfer) > "$work/$1.log" 2>&1 || status=$?
  grep -E '\] drill: |SLO |BUILD' "$work/$1.log" || true
  return "$status"
}
echo "separate-build: the reference client (expected: BUILD SUCCESS)"
if ! gate reference; then echo "separate-build: FAILED: the reference client's gate failed" >&2; exit 1; fi
echo "separate-build: curl (expected: BUILD FAILURE on primary-blackhole-mid-transfer)"
if gate curl; then echo "separate-build: FAILED: curl passed a blackhole it cannot survive" >&2; exit 1; fi
grep -q 'primary-blackhole-mid-transfer: SLO' "$work/curl.log" \
  || { echo "separate-build: FAILED: the failure does not name the missed SLO" >&2; exit 1; }
echo "separate-build: passed (the gate passes the reference client and stops curl)"
