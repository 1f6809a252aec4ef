#!/usr/bin/env bash
# Memory benchmark: a 1-year, a 10-year and a 420-day backfill of one sandbox account (default alder-and-ash, the small
# one, so ten years finish on a loaded 2-core machine) into a fresh embedded store, each in its own process, with every
# rate limit off. Prints each run's peak managed heap (sampled) and peak working set, and /usr/bin/time's max RSS.
# The point: the 10-year run needs no more memory than the 1-year run (nothing is held for the whole range).
# Usage: benchmarks/memory.sh [--account alder-and-ash] [--years "1 10"] [--days "420"] (the defaults)
# --days adds runs of that many days ending yesterday (420 is the shortest range holding the sandbox's wholesale day,
# 400 days before the history ends: a 1-year run with the 10-year run's largest event). --years "" runs none of those.
# HEAP_LIMIT_MB (default 256) runs each under a GC heap hard limit: a run whose memory grew with the range would fail.
# MEMORY_LOG=1 prints the app's warnings and errors (where a run under the limit ran out of memory); MEMORY_LOH=1
# counts the runtime's allocation samples on the large object heap by type.
set -euo pipefail
cd "$(dirname "$0")/.."

account=alder-and-ash
years="1 10"
days="420"
while [ $# -gt 0 ]; do
  case "$1" in
    --account) account="$2"; shift 2 ;;
    --years) years="$2"; shift 2 ;;
    --days) days="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

dotnet build -c Release benchmarks/Backfill.Benchmarks -v q -nologo >/dev/null
dll=benchmarks/Backfill.Benchmarks/bin/Release/net10.0/Backfill.Benchmarks.dll
DOTNET_GCHeapHardLimit="$(printf '0x%X' $(( ${HEAP_LIMIT_MB:-256} * 1024 * 1024 )))"
export DOTNET_GCHeapHardLimit

run() {
  echo
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "max RSS (time -v): %M KB" dotnet "$dll" memory --account "$account" "$@"
  else
    dotnet "$dll" memory --account "$account" "$@"
  fi
}

for y in $years; do run --years "$y" || true; done
for d in $days; do run --days "$d" || true; done
echo
echo "load: $(cat /proc/loadavg)"
