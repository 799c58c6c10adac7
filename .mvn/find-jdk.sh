# Sourced by ./mvnw and ./drill (POSIX sh). Finds a JDK whose major version is at least 21 and exports
# JAVA_HOME for it. Order: $JAVA_HOME, the `java` on PATH, then every JDK under /usr/lib/jvm and
# /Library/Java/JavaVirtualMachines (highest version first). Stops with a message saying what to install.
outage_drill_required_jdk=21

outage_drill_jdk_major() {
  # Prints the major version of the JDK at $1 (a JAVA_HOME), or nothing when it is not a JDK.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  # The JDK's `release` file names its version (JDK 9 and later): reading it costs nothing, while starting a JVM
  # to ask costs a tenth of a second per candidate on every ./drill run. A JDK without it is asked.
  if [ -f "$1/release" ]; then
    release_major=$(sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9][0-9]*\).*/\2/p' "$1/release" | head -n 1)
    if [ -n "$release_major" ]; then
      echo "$release_major"
      return 0
    fi
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

outage_drill_find_jdk() {
  candidates=""
  [ -n "${JAVA_HOME-}" ] && candidates="$JAVA_HOME"
  if command -v java >/dev/null 2>&1; then
    on_path=$(readlink -f "$(command -v java)" 2>/dev/null || command -v java)
    candidates="$candidates
${on_path%/bin/java}"
  fi
  # No globs here: ./mvnw runs with `set -f`.
  for dir in $( { find /usr/lib/jvm -mindepth 1 -maxdepth 1 2>/dev/null
                  find /Library/Java/JavaVirtualMachines -mindepth 3 -maxdepth 3 -name Home 2>/dev/null; } | sort -rV); do
    candidates="$candidates
$dir"
  done
  seen_versions=""
  old_ifs=$IFS
  IFS='
'
  for home in $candidates; do
    [ -n "$home" ] || continue
    major=$(outage_drill_jdk_major "$home")
    [ -n "$major" ] || continue
    seen_versions="$seen_versions $major($home)"
    if [ "$major" -ge "$outage_drill_required_jdk" ]; then
      IFS=$old_ifs
      JAVA_HOME="$home"
      export JAVA_HOME
      return 0
    fi
  done
  IFS=$old_ifs
  {
    echo "Outage Drill needs a JDK $outage_drill_required_jdk or newer, and none was found."
    echo "Looked at JAVA_HOME, the java on PATH and /usr/lib/jvm; found:${seen_versions:- no JDK}."
    echo "Install one, for example: apt-get install openjdk-21-jdk-headless (Debian/Ubuntu),"
    echo "or a Temurin 21+ from https://adoptium.net, then set JAVA_HOME to it."
  } >&2
  return 1
}
