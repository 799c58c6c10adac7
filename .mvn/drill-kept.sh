# Sourced by ./drill (POSIX sh): what the launcher keeps between runs to start sooner, and how it checks that
# what it kept still holds. Every `drill get` pays for the launcher before its JVM starts, so all of this uses shell
# builtins (a process costs about 4 ms on a 2-core VM); the few processes here run only when a copy is written.

# Sets quoted to $1 with each single quote written as '\'': between single quotes, a value for a shell file.
quote_for_shell() {
  quoted=""
  rest=$1
  while :; do
    case $rest in
      *\'*) quoted="$quoted${rest%%\'*}'\\''"; rest=${rest#*\'} ;;
      *) quoted="$quoted$rest"; break ;;
    esac
  done
}
# Sets first_java to the first executable java on PATH, as the shell would find it; empty if there is none.
find_first_java() {
  first_java=""
  old_ifs=$IFS
  IFS=:
  case $- in *f*) glob_was_off=1 ;; *) glob_was_off=""; set -f ;; esac
  for dir in $PATH; do
    if [ -f "${dir:-.}/java" ] && [ -x "${dir:-.}/java" ]; then first_java=${dir:-.}/java; break; fi
  done
  if [ -z "$glob_was_off" ]; then set +f; fi
  IFS=$old_ifs
}
# Prints the file $1 finally is, through any symbolic links; $1 itself where readlink cannot say.
real_file() {
  readlink -f "$1" 2>/dev/null || printf '%s\n' "$1"
}
# "Same file as then": both missing, or test -ef (device and inode, through links).
same_file() {
  if [ -z "$2" ]; then [ ! -e "$1" ]; else [ "$1" -ef "$2" ]; fi
}
# Whether the JDK kept in $jdk_cache is still the one looking would find for $jdk_key (both set by the caller):
# also kept no longer than the scripts that look (find-jdk.sh, this file; a pull may change the rules), and only
# while the JDK's `release` file has the very time it had (a JDK unpacked over another keeps its archive's dates,
# older or newer; $jdk_cache.release is stamped with it).
cached_jdk_still_found() {
  [ -r "$jdk_cache" ] && command . "$jdk_cache" 2>/dev/null || return 1
  [ "$cached_jdk_key" = "$jdk_key" ] && [ -n "$cached_jdk_major" ] && [ -n "$cached_jdk_java" ] \
    && [ "$cached_jdk_major" -ge "$outage_drill_required_jdk" ] 2>/dev/null \
    && [ "$jdk_cache" -nt "$root/.mvn/find-jdk.sh" ] && [ "$jdk_cache" -nt "$root/.mvn/drill-kept.sh" ] \
    && [ -x "$cached_jdk_home/bin/java" ] && [ "$cached_jdk_home/bin/java" -ef "$cached_jdk_java" ] \
    && [ -f "$cached_jdk_home/release" ] && [ -f "$jdk_cache.release" ] \
    && [ ! "$cached_jdk_home/release" -nt "$jdk_cache.release" ] \
    && [ ! "$cached_jdk_home/release" -ot "$jdk_cache.release" ] || return 1
  [ "$cached_jdk_home" = "${JAVA_HOME-}" ] && return 0
  # Found past JAVA_HOME: JAVA_HOME's java and PATH's first java are still the files they were, and no folder
  # looked through changed.
  same_file "${JAVA_HOME:-/nonexistent}/bin/java" "$cached_home_java" || return 1
  find_first_java
  same_file "${first_java:-/nonexistent/java}" "$cached_path_java" || return 1
  for looked_at in /usr/lib/jvm /etc/alternatives /Library/Java/JavaVirtualMachines; do
    if [ -d "$looked_at" ] && [ ! "$jdk_cache" -nt "$looked_at" ]; then return 1; fi
  done
}
# Finds a JDK as outage_drill_find_jdk does (find-jdk.sh, sourced first), keeping what it found in file $1 (the
# launcher's app/target/drill-jdk.sh) for the next run: looking for one reads `release` files a byte at
# a time and, without a JAVA_HOME, resolves the java on PATH and lists /usr/lib/jvm (about 5 ms with a JAVA_HOME,
# 25 without). The copy is used only while looking would find the same JDK: the same JAVA_HOME and PATH; the same
# java files behind them, followed through symbolic links (sdkman's `current`, update-alternatives, Homebrew's
# `opt`): the chosen JDK's, JAVA_HOME's and the first on PATH; the chosen JDK's `release` file as it was; and, for a
# JDK found by listing folders, none of them changed since. A copy that cannot be read is looked past. Uses $root,
# the launcher's project folder.
drill_find_jdk_kept() {
  jdk_cache=$1
  jdk_key="${JAVA_HOME-}|$PATH"
  cached_jdk_key=""
  cached_jdk_home=""
  cached_jdk_major=""
  cached_jdk_platform=""
  cached_jdk_java=""
  cached_home_java=""
  cached_path_java=""
  if cached_jdk_still_found; then
    outage_drill_use_jdk "$cached_jdk_home" "$cached_jdk_major" "$cached_jdk_platform"
  else
    asked_java_home=${JAVA_HOME-}
    outage_drill_find_jdk || return 1
    if [ -f "$JAVA_HOME/release" ] && [ -d "${jdk_cache%/*}" ] && [ -w "${jdk_cache%/*}" ]; then
      find_first_java
      home_java=""
      if [ -n "$asked_java_home" ] && [ -e "$asked_java_home/bin/java" ]; then
        home_java=$(real_file "$asked_java_home/bin/java")
      fi
      path_java=""
      if [ -n "$first_java" ]; then path_java=$(real_file "$first_java"); fi
      {
        {
          quote_for_shell "$jdk_key"; printf "cached_jdk_key='%s'\n" "$quoted"
          quote_for_shell "$JAVA_HOME"; printf "cached_jdk_home='%s'\n" "$quoted"
          printf "cached_jdk_major='%s'\n" "$outage_drill_jdk_found_major"
          quote_for_shell "${outage_drill_jdk_found_platform-}"; printf "cached_jdk_platform='%s'\n" "$quoted"
          quote_for_shell "$(real_file "$JAVA_HOME/bin/java")"; printf "cached_jdk_java='%s'\n" "$quoted"
          quote_for_shell "$home_java"; printf "cached_home_java='%s'\n" "$quoted"
          quote_for_shell "$path_java"; printf "cached_path_java='%s'\n" "$quoted"
        } > "$jdk_cache.$$" && touch -r "$JAVA_HOME/release" "$jdk_cache.release" \
          && mv -f "$jdk_cache.$$" "$jdk_cache"
      } 2>/dev/null || rm -f "$jdk_cache.$$" 2>/dev/null || true
    fi
  fi
}

# Sets the variable named $2 to the first line of file $1, without starting a process. dash's `read` takes one
# system call per byte (about 10,000 for the three class-path files a download's start reads: some 12 ms), so the
# line is also kept beside the file as a shell assignment ($1.sh), which `.` reads in a few calls. The copy is used
# only while it is newer than the file (each build writes the class-path files again); a folder that cannot be
# written to keeps no copy.
read_line_of() {
  line_of_file=""
  if [ -f "$1.sh" ] && [ "$1.sh" -nt "$1" ] && [ -r "$1.sh" ] && command . "$1.sh" 2>/dev/null; then
    :
  else
    line_of_file=""
    # The copy is kept only if the file was not written again while it was read (a build writing it in place):
    # a stamp made before the read must still be newer than the file after it.
    kept="$1.sh.$$"
    # true, not the special builtin ":", whose failed redirection would end a POSIX shell on the spot.
    if ! { true > "$kept"; } 2>/dev/null; then kept=""; fi
    read -r line_of_file < "$1" || true
    if [ -n "$kept" ]; then
      quote_for_shell "$line_of_file"
      {
        if [ "$kept" -nt "$1" ] && { printf "line_of_file='%s'\n" "$quoted" > "$kept"; }; then
          mv -f "$kept" "$1.sh"
        else
          rm -f "$kept"
        fi
      } 2>/dev/null || rm -f "$kept" 2>/dev/null || true
    fi
  fi
  eval "$2=\$line_of_file"
}
# Sets changed to a file or folder newer than $1 among $2... and under the folders among them, depth first; empty
# when there is none. Shell builtins only: starting find cost about 6 ms of every start. Like find without -L, it
# follows no symbolic link, and it looks at dotfiles too (a resource folder such as .well-known).
find_newer() {
  newer_ref=$1
  shift
  for entry in "$@"; do
    if [ -n "$changed" ]; then return 0; fi
    if [ -h "$entry" ]; then
      :
    elif [ -d "$entry" ] && [ "$entry" -nt "$newer_ref" ]; then
      # A file deleted, or renamed in (mv keeps its old time), shows only as its folder's new time.
      changed=$entry
    elif [ -d "$entry" ]; then
      find_newer "$newer_ref" "$entry"/* "$entry"/.[!.]* "$entry"/..?*
    elif [ -f "$entry" ] && [ "$entry" -nt "$newer_ref" ]; then
      changed=$entry
    fi
  done
}
