# Sourced by containers/prepare.sh (and run by ImageSourcesTest): the digest of an image's sources, which
# prepare.sh puts on the image as the label io.outagedrill.sources and the containers world and tests compare
# with this checkout's (fake-cdns' ImageSources runs this script for it; docs/containers.md).
#
# An image's sources are its folder containers/images/NAME and the paths its file `sources` lists, one a line,
# relative to the checkout (for the fault proxy, the code whose classes it carries). The digest is the first
# 16 hex digits of the SHA-256 of `sha256sum`'s lines for every regular file under them (symbolic links are
# not followed), in byte order of the paths (LC_ALL=C: the same order in every locale).

# image_sources NAME ROOT: prints the paths NAME's sources are, one a line; fails naming a listed path that is
# not there.
image_sources() {
  local name=$1 root=$2 line
  printf '%s\n' "containers/images/$name"
  [ -f "$root/containers/images/$name/sources" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    if [ ! -e "$root/$line" ]; then
      printf 'containers/images/%s/sources lists %s, which is not there\n' "$name" "$line" >&2
      return 1
    fi
    printf '%s\n' "$line"
  done <"$root/containers/images/$name/sources"
}

# image_sources_digest NAME ROOT: prints the digest of NAME's sources in the checkout at ROOT.
image_sources_digest() {
  local name=$1 root=$2 paths
  paths=$(image_sources "$name" "$root") || return 1
  # Paths without spaces or newlines (checked by ImageSourcesTest for this checkout): one a word.
  # shellcheck disable=SC2086
  (cd "$root" && find $paths -type f -print0 | LC_ALL=C sort -zu | xargs -0 -r sha256sum) | sha256sum | cut -c1-16
}

# image_sources_unlisted NAME ROOT MODULE: prints, one a line, what of MODULE's code (its pom.xml, and its src/main
# where it has one) NAME's `sources` file does not list; nothing when it lists both. prepare.sh asks it of every
# module whose classes the fault proxy carries: code left out would change without making the image stale.
image_sources_unlisted() {
  local name=$1 root=$2 module=$3 wanted
  for wanted in "$module/pom.xml" "$module/src/main"; do
    [ -e "$root/$wanted" ] || [ "$wanted" = "$module/pom.xml" ] || continue
    grep -qx -- "$wanted" "$root/containers/images/$name/sources" 2>/dev/null || printf '%s\n' "$wanted"
  done
}
