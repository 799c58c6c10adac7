#!/usr/bin/env bash
# Prepares containers mode on this machine, saying what it does and what failed; exits non-zero on failure.
#  1. installs Docker's engine (Debian's docker.io) and debootstrap when they are missing;
#  2. starts an engine when none is reachable: no bridge, no firewall rules (containers use host networking,
#     every server on its own 127.x.y.z address), and waits for it (bounded);
#  3. builds a Debian base image with debootstrap from the mirror the machine's apt sources name and loads it
#     with `docker import` (no image registry is needed), unless it exists;
#  4. builds one image per component from containers/images/*/Dockerfile (nginx, varnish, s3proxy,
#     fault-proxy), each tagged with a hash of its inputs and reused while they are unchanged; `:current`
#     names the newest of each, which the tests and the containers world use. Each carries the digest of its
#     sources (label io.outagedrill.sources, containers/image-sources.sh), which they compare with this
#     checkout's: an image older than the code or Dockerfile it was built from is refused, not used.
#
# Environment:
#   OUTAGE_DRILL_BASE_IMAGE    use this image as the base instead of debootstrap (e.g. debian:trixie-slim where
#                              a registry is reachable)
#   OUTAGE_DRILL_DEBIAN_SUITE  suite of the debootstrapped base (trixie: the first with a Java 21 JRE)
#   OUTAGE_DRILL_DOCKER_LOG    where a dockerd started here logs (/var/log/outage-drill-dockerd.log)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
images_dir="$root/containers/images"
work="$root/containers/target"
suite=${OUTAGE_DRILL_DEBIAN_SUITE:-trixie}
dockerd_log=${OUTAGE_DRILL_DOCKER_LOG:-/var/log/outage-drill-dockerd.log}
started=$SECONDS

say() { printf 'containers/prepare: %s\n' "$*"; }
fail() { printf 'containers/prepare: FAILED: %s\n' "$*" >&2; exit 1; }
# Any other failing command still ends with a line that says where.
trap 'printf "containers/prepare: FAILED: command at line %s exited %s\n" "$LINENO" "$?" >&2' ERR
elapsed() { printf '%ds' $((SECONDS - $1)); }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  say "installing Debian packages: $*"
  # Another apt run (another session, unattended-upgrades) may hold the lock: wait for it, bounded.
  as_root apt-get -o DPkg::Lock::Timeout=300 update -qq \
    || fail "apt-get update failed (see above)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "$@" >/dev/null \
    || fail "apt-get install $* failed (see above)"
}

engine_reachable() { docker info >/dev/null 2>&1; }

# ---- 1 and 2: an engine ----------------------------------------------------------------------------------
step=$SECONDS
missing=()
command -v docker >/dev/null 2>&1 || missing+=(docker.io)
if ! engine_reachable; then
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
fi
if [ -z "${OUTAGE_DRILL_BASE_IMAGE:-}" ]; then
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
fi
if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  apt_install "${missing[@]}"
fi

if engine_reachable; then
  say "a Docker engine is reachable ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
else
  [ "$(id -u)" = 0 ] || fail "no Docker engine is reachable and starting one needs root: run this as root (sudo $0)"
  say "no Docker engine is reachable: starting dockerd (no bridge, no iptables), log in $dockerd_log"
  mkdir -p "$(dirname "$dockerd_log")"
  # setsid + nohup: the engine outlives this script (the tests and `drill run` need it afterwards).
  setsid nohup dockerd --bridge=none --iptables=false --ip6tables=false \
    >>"$dockerd_log" 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    engine_reachable && break
    sleep 1
  done
  if ! engine_reachable; then
    tail -n 20 "$dockerd_log" >&2 || true
    fail "dockerd did not answer within 60 s (its log's last lines are above, the whole log is $dockerd_log)"
  fi
  say "dockerd is up ($(docker version --format '{{.Server.Version}}'))"
fi
say "engine ready after $(elapsed "$step")"

# Only those of processes that no longer run: another run on this engine may be using the others.
# shellcheck source=containers/leftovers.sh
. "$root/containers/leftovers.sh"
outage_drill_remove_leftovers

# ---- 3: the base image -----------------------------------------------------------------------------------

# Prints the first Debian mirror the apt sources name (deb822 *.sources or one-line *.list), skipping the
# security archive, e.g. http://deb.debian.org/debian.
apt_mirror() {
  local files=()
  [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && files+=("$f")
  done
  [ ${#files[@]} -gt 0 ] || return 1
  awk '
    function stanza_end() {
      if (types ~ /(^| )deb( |$)/ && uris != "" && uris !~ /security/) { split(uris, u, " "); print u[1]; exit }
      types = ""; uris = ""
    }
    FNR == 1 { stanza_end() }
    # one-line format: deb [options] URI suite components...
    /^[ \t]*deb[ \t]/ {
      i = 2
      if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
      uri = $i; suite = $(i + 1)
      if (uri !~ /security/ && suite !~ /-/) { print uri; exit }
      next
    }
    # deb822: stanzas of Types/URIs/Suites fields, separated by blank lines
    /^[ \t]*$/ { stanza_end(); next }
    /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
    /^URIs:/  { sub(/^URIs:[ \t]*/, ""); uris = $0 }
    END { stanza_end() }
  ' "${files[@]}" | head -n 1
}

if [ -n "${OUTAGE_DRILL_BASE_IMAGE:-}" ]; then
  base=$OUTAGE_DRILL_BASE_IMAGE
  say "base image: $base (from OUTAGE_DRILL_BASE_IMAGE)"
else
  base="outage-drill/base:$suite"
  if docker image inspect "$base" >/dev/null 2>&1; then
    say "base image $base exists: reused"
  else
    step=$SECONDS
    mirror=$(apt_mirror) || true
    [ -n "$mirror" ] || fail "found no Debian mirror in /etc/apt/sources.list or /etc/apt/sources.list.d/ (need one to debootstrap the base image)"
    rootfs="$work/rootfs-$suite"
    as_root rm -rf "$rootfs"
    mkdir -p "$work"
    say "building base image $base: debootstrap --variant=minbase $suite from $mirror (a few minutes)"
    if ! as_root debootstrap --variant=minbase --include=ca-certificates "$suite" "$rootfs" "$mirror" \
        >"$work/debootstrap.log" 2>&1; then
      tail -n 20 "$work/debootstrap.log" >&2
      fail "debootstrap $suite from $mirror failed (last lines above, whole log $work/debootstrap.log)"
    fi
    # Smaller image, and apt in the Dockerfiles keeps no package files.
    as_root rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    as_root tar -C "$rootfs" -c . | docker import --change 'CMD ["/bin/bash"]' \
      --change 'ENV LANG=C.UTF-8' - "$base" >/dev/null || fail "docker import of the base image failed"
    as_root rm -rf "$rootfs"
    say "base image $base built in $(elapsed "$step")"
  fi
fi

# ---- 4: the component images -----------------------------------------------------------------------------

# Prints a hash of a directory's files (names and contents) plus extra words.
inputs_hash() {
  local dir=$1; shift
  { (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum); printf '%s\n' "$@"; } \
    | sha256sum | cut -c1-16
}

# shellcheck source=containers/image-sources.sh
. "$root/containers/image-sources.sh"

# build NAME CONTEXT BUILD-ARG...: builds outage-drill/NAME:<inputs hash> unless it exists; tags it :current.
# The digest of its sources is one of the inputs: an image is never reused under a label its sources no
# longer have.
build() {
  local name=$1 context=$2; shift 2
  local hash tag step sources
  sources=$(image_sources_digest "$name" "$root") || fail "no digest of the sources of $name (see above)"
  hash=$(inputs_hash "$context" "$@" "sources=$sources")
  tag="outage-drill/$name:$hash"
  if docker image inspect "$tag" >/dev/null 2>&1; then
    say "image $tag: inputs unchanged, reused"
  else
    step=$SECONDS
    say "building image $tag"
    local args=()
    for a in "$@"; do args+=(--build-arg "$a"); done
    if ! docker build --network host --label "io.outagedrill.inputs=$hash" \
        --label "io.outagedrill.sources=$sources" "${args[@]}" -t "$tag" "$context" \
        >"$work/build-$name.log" 2>&1; then
      tail -n 30 "$work/build-$name.log" >&2
      fail "docker build of $name failed (last lines above, whole log $work/build-$name.log)"
    fi
    say "image $tag built in $(elapsed "$step")"
  fi
  docker tag "$tag" "outage-drill/$name:current"
  built_tag=$tag
  # Older builds of this image go, so the disk does not fill one build per code change (an image another
  # image still builds on only loses its tag).
  local old
  for old in $(docker images "outage-drill/$name" --format '{{.Tag}}'); do
    if [ "$old" != current ] && [ "$old" != "$hash" ]; then
      docker rmi "outage-drill/$name:$old" >/dev/null 2>&1 || true
    fi
  done
}

# A context in containers/target/ with the checked-in files; the Java images add build outputs to it.
stage() {
  local name=$1
  rm -rf "$work/context/$name"
  mkdir -p "$work/context"
  cp -R "$images_dir/$name" "$work/context/$name"
  echo "$work/context/$name"
}

mkdir -p "$work"
step=$SECONDS
build nginx "$images_dir/nginx" "BASE=$base"
build varnish "$images_dir/varnish" "BASE=$base"
build jre "$images_dir/jre" "BASE=$base"
jre=$built_tag

# S3Proxy: the jar-with-dependencies of the version the root pom names, resolved by Maven.
s3proxy_version=$(sed -n 's:.*<s3proxy.version>\(.*\)</s3proxy.version>.*:\1:p' "$root/pom.xml" | head -n 1)
[ -n "$s3proxy_version" ] || fail "no <s3proxy.version> in $root/pom.xml"
context=$(stage s3proxy)
s3proxy_jar="s3proxy-$s3proxy_version-jar-with-dependencies.jar"
cached="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}/org/gaul/s3proxy/$s3proxy_version/$s3proxy_jar"
if [ -f "$cached" ]; then
  cp "$cached" "$context/$s3proxy_jar"  # Maven's start costs half a minute on a loaded machine
else
  say "resolving org.gaul:s3proxy:$s3proxy_version:jar-with-dependencies with Maven"
  if ! "$root/mvnw" -q -B -N -f "$root/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      "-Dartifact=org.gaul:s3proxy:$s3proxy_version:jar:jar-with-dependencies" "-DoutputDirectory=$context" \
      >"$work/s3proxy-resolve.log" 2>&1; then
    tail -n 20 "$work/s3proxy-resolve.log" >&2
    fail "Maven could not resolve S3Proxy $s3proxy_version (whole log $work/s3proxy-resolve.log)"
  fi
fi
mv "$context/$s3proxy_jar" "$context/s3proxy.jar"
build s3proxy "$context" "JRE=$jre"

# The fault proxy: `drill toxiproxy` from this checkout's build. ./drill builds it when sources changed.
say "building the drill CLI when its sources changed (./drill --version)"
"$root/drill" --version >/dev/null || fail "./drill could not be built (see above)"
context=$(stage fault-proxy)
mkdir -p "$context/lib" "$context/classes"
image_cp=/opt/outage-drill/classes/app
cp -R "$root/app/target/classes" "$context/classes/app"
# read returns 1 at the end of a file without a newline, which this one is.
IFS=: read -r -a entries <"$root/app/target/drill.classpath" || true
for entry in "${entries[@]}"; do
  case "$entry" in
    "$root"/*/target/*)
      # A module of this reactor: copy its classes, not its jar, so the inputs hash (and the image) stays the
      # same while the code does (jars carry timestamps).
      module=${entry#"$root"/}; module=${module%%/*}
      # Its code must be among the image's sources, or a change to it would not make the image stale.
      unlisted=$(image_sources_unlisted fault-proxy "$root" "$module")
      [ -z "$unlisted" ] || fail "containers/images/fault-proxy/sources does not list ${unlisted//$'\n'/ and }, the code of $module, whose classes the image carries"
      cp -R "$root/$module/target/classes" "$context/classes/$module"
      image_cp="$image_cp:/opt/outage-drill/classes/$module" ;;
    *.jar)
      cp "$entry" "$context/lib/"
      image_cp="$image_cp:/opt/outage-drill/lib/$(basename "$entry")" ;;
  esac
done
echo "$image_cp" >"$context/classpath"
build fault-proxy "$context" "JRE=$jre"
say "component images ready in $(elapsed "$step")"

say "done in $(elapsed "$started"): outage-drill/{nginx,varnish,s3proxy,fault-proxy}:current"
