# Sourced by containers/prepare.sh: removing the containers earlier runs left behind (docs/containers.md).
# Every container the project starts carries the label io.outagedrill.containers (what it is) and
# io.outagedrill.owner-pid (the process that started it), as ContainerJanitor sets them.

# Removes the labelled containers whose owner process no longer runs on this machine (a JVM killed with -9), and
# those without an owner; a running owner's containers stay: another run (a test, a `drill run` of another
# checkout) on the same engine is using them. Prints how many it removed and how many it left.
outage_drill_remove_leftovers() {
  local id owner gone=() kept=0
  while read -r id owner; do
    [ -n "$id" ] || continue
    if [ -n "$owner" ] && [ -d "/proc/$owner" ]; then
      kept=$((kept + 1))
    else
      gone+=("$id")
    fi
  done < <(docker ps -a --filter "label=io.outagedrill.containers" \
    --format '{{.ID}} {{.Label "io.outagedrill.owner-pid"}}')
  if [ ${#gone[@]} -gt 0 ]; then
    printf 'containers/prepare: removing %s leftover container(s) of processes no longer running\n' "${#gone[@]}"
    docker rm -f "${gone[@]}" >/dev/null
  fi
  if [ "$kept" -gt 0 ]; then
    printf 'containers/prepare: leaving %s container(s) of processes still running (another run uses them)\n' "$kept"
  fi
}
