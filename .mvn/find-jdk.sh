# Sourced by ./mvnw and ./drill (POSIX sh). Finds a JDK whose major version is at least 21 and exports
# JAVA_HOME for it, and sets outage_drill_jdk_found_major to its major version and outage_drill_jdk_found_platform
# to the platform it was built for ("Linux x86_64", from its `release` file; empty when that does not say).
# Order: $JAVA_HOME, the `java` on PATH, then the highest version among the JDKs under /usr/lib/jvm and
# /Library/Java/JavaVirtualMachines. Stops with a message saying what to install.
#
# Every ./drill runs this, so it starts as few processes as it can: each costs a few milliseconds (about 4 ms on
# a 2-core VM), and the first two candidates are checked before any folder is listed. Versions come from the
# JDK's `release` file, read with shell builtins.
outage_drill_required_jdk=21

outage_drill_jdk_major() {
  # Sets jdk_major to the major version of the JDK at $1 (a JAVA_HOME), empty when it is not a JDK, and adds it to
  # seen_versions; sets jdk_os and jdk_arch to its OS_NAME and OS_ARCH (with "-musl" for a musl JDK). The
  # `release` file names them (JDK 9 and later) and is read with builtins; a JDK without one is asked its version,
  # at the cost of starting it.
  jdk_major=""
  jdk_os=""
  jdk_arch=""
  jdk_libc=""
  [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    while IFS= read -r release_line || [ -n "$release_line" ]; do
      case $release_line in
        JAVA_VERSION=*)
          jdk_major=${release_line#JAVA_VERSION=}
          jdk_major=${jdk_major#\"}
          jdk_major=${jdk_major#1.} # 1.8.0_402 is Java 8
          jdk_major=${jdk_major%%[!0-9]*} ;;
        OS_NAME=*)
          jdk_os=${release_line#OS_NAME=}
          jdk_os=${jdk_os#\"}
          jdk_os=${jdk_os%\"} ;;
        OS_ARCH=*)
          jdk_arch=${release_line#OS_ARCH=}
          jdk_arch=${jdk_arch#\"}
          jdk_arch=${jdk_arch%\"} ;;
        LIBC=*)
          jdk_libc=${release_line#LIBC=}
          jdk_libc=${jdk_libc#\"}
          jdk_libc=${jdk_libc%\"} ;;
      esac
      # sh reads a byte at a time: stop at the last line needed (release files list LIBC before OS_NAME).
      if [ -n "$jdk_major" ] && [ -n "$jdk_os" ] && [ -n "$jdk_arch" ]; then break; fi
    done < "$1/release"
    # A musl JDK (Alpine) is another platform: Conscrypt's Linux libraries are built for glibc.
    if [ "$jdk_libc" = musl ] && [ -n "$jdk_os" ]; then jdk_arch="$jdk_arch-musl"; fi
  fi
  if [ -z "$jdk_major" ]; then
    jdk_major=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  if [ -n "$jdk_major" ]; then seen_versions="${seen_versions-} $jdk_major($1)"; fi
}

# Sets JAVA_HOME, outage_drill_jdk_found_major and outage_drill_jdk_found_platform to the JDK at $1, its major
# version $2 and its platform $3.
outage_drill_use_jdk() {
  JAVA_HOME="$1"
  outage_drill_jdk_found_major=$2
  outage_drill_jdk_found_platform=$3
  export JAVA_HOME
}

# Uses the JDK at $1 when it is one and new enough; returns 1 otherwise.
outage_drill_accept_jdk() {
  outage_drill_jdk_major "$1"
  [ -n "$jdk_major" ] && [ "$jdk_major" -ge "$outage_drill_required_jdk" ] || return 1
  outage_drill_use_jdk "$1" "$jdk_major" "${jdk_os:+$jdk_os $jdk_arch}"
}

outage_drill_find_jdk() {
  seen_versions=""
  outage_drill_accept_jdk "${JAVA_HOME-}" && return 0
  if command -v java >/dev/null 2>&1; then
    on_path=$(readlink -f "$(command -v java)" 2>/dev/null || command -v java)
    outage_drill_accept_jdk "${on_path%/bin/java}" && return 0
  fi
  # The highest version among the installed JDKs. A glob, with globbing on for it alone (./mvnw runs with set -f).
  best_home=""
  best_major=0
  best_platform=""
  case $- in *f*) glob_was_off=1; set +f ;; *) glob_was_off="" ;; esac
  for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    outage_drill_jdk_major "$home"
    if [ -n "$jdk_major" ] && [ "$jdk_major" -gt "$best_major" ]; then
      best_major=$jdk_major
      best_home=$home
      best_platform=${jdk_os:+$jdk_os $jdk_arch}
    fi
  done
  if [ -n "$glob_was_off" ]; then set -f; fi
  if [ "$best_major" -ge "$outage_drill_required_jdk" ]; then
    outage_drill_use_jdk "$best_home" "$best_major" "$best_platform"
    return 0
  fi
  {
    echo "Outage Drill needs a JDK $outage_drill_required_jdk or newer, and none was found."
    echo "Looked at JAVA_HOME, the java on PATH and /usr/lib/jvm; found:${seen_versions:- no JDK}."
    echo "Install one, for example: apt-get install openjdk-21-jdk-headless (Debian/Ubuntu),"
    echo "or a Temurin 21+ from https://adoptium.net, then set JAVA_HOME to it."
  } >&2
  return 1
}
