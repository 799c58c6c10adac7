#!/bin/sh
# The Maven release gate as a user meets it: a separate Maven build of a project that only declares
# drill-maven-plugin. Installs this project into a throw-away local repository (dependencies are read from
# ~/.m2 through Maven's read-only repository tail, nothing is written there), then builds media-pipeline/ twice:
#   1. the reference client on reset-mid-transfer (copied into the project's scenarios/) and
#      primary-blackhole-mid-transfer (not copied: the built-in one): must pass (exit 0);
#   2. curl on the same two: curl has no failover, so the blackhole scenario misses its SLOs and the build
#      must fail (exit 1) naming them.
# With --containers, then on real servers (needs an engine and the images: containers/prepare.sh):
#   3. -Ddrill.world=containers with Testcontainers' two settings missing from Maven's environment: must fail
#      (exit 1) with the one line saying what to export before mvn;
#   4. the same with them exported: the reference client on edge-hides-origin-outage must pass (exit 0).
# About 2 minutes on 2 cores (about 40 s more with --containers); not part of ./mvnw verify (the Mojo's own tests
# are).
set -eu
containers=false
case "${1:-}" in
  --containers) containers=true ;;
  "") ;;
  *) echo "usage: $0 [--containers]" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/drill-gate.XXXXXX")
trap 'rm -rf "$work"' EXIT
repo="-Dmaven.repo.local=$work/m2 -Dmaven.repo.local.tail=$HOME/.m2/repository"
echo "separate-build: installing the plugin and what it needs into $work/m2..."
"$root/mvnw" -q -B -f "$root/pom.xml" install -DskipTests -DskipITs -pl drill-maven-plugin -am $repo
cp -r "$here/media-pipeline" "$work/project"
# One scenario from the project's own folder, the other from the plugin's built-in ones (the project has no copy).
mkdir -p "$work/project/scenarios"
cp "$root/scenarios/reset-mid-transfer.yaml" "$work/project/scenarios/"
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
if [ "$containers" = true ]; then
  cp "$root/scenarios/edge-hides-origin-outage.yaml" "$work/project/scenarios/"
  on_containers() { # LOG ENV-ARGUMENTS... (for env(1)) -> the build's exit status
    log=$1
    shift
    status=0
    (cd "$work/project" && env "$@" "$root/mvnw" -B verify $repo -Ddrill.client=reference \
       -Ddrill.world=containers -Ddrill.scenarios=edge-hides-origin-outage) > "$work/$log.log" 2>&1 || status=$?
    grep -E '\] drill: |SLO |BUILD|drill: <world>' "$work/$log.log" || true
    return "$status"
  }
  echo "separate-build: containers, Testcontainers' settings not exported (expected: BUILD FAILURE saying so)"
  if on_containers no-env -u TESTCONTAINERS_RYUK_DISABLED -u TESTCONTAINERS_HOST_OVERRIDE; then
    echo "separate-build: FAILED: the containers gate ran without Testcontainers' settings" >&2; exit 1
  fi
  grep -q 'the environment lacks TESTCONTAINERS_RYUK_DISABLED=true and TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1' \
    "$work/no-env.log" || { echo "separate-build: FAILED: the failure does not say what to export" >&2; exit 1; }
  echo "separate-build: containers, settings exported (expected: BUILD SUCCESS on real servers)"
  if ! on_containers containers TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1; then
    echo "separate-build: FAILED: the reference client's gate on containers failed" >&2; exit 1
  fi
fi
echo "separate-build: passed (the gate passes the reference client and stops curl$([ "$containers" = true ] \
  && echo "; on containers it says what is missing, then passes"))"
