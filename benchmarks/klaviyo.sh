#!/usr/bin/env bash
# Klaviyo pull benchmark: one year of Placed Order events from the in-process sandbox (Klaviyo's real rate limits)
# through the production client, sequential and in parallel slices.
# Usage: benchmarks/klaviyo.sh [--days 365] [--parallelism 2,4,8,16] [--account northloop-outfitters]
#                              [--history-end 2026-06-30] [--latency-ms 0] [--skip-sequential] [--skip-raw]
# HEAP_LIMIT_MB=192 runs under a GC heap hard limit: a pull that held its events would run out of memory, so
# passing with --days 730 shows memory stays flat (the limit needed grows with --parallelism, not with --days).
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build -c Release benchmarks/Backfill.Benchmarks -v q -nologo >/dev/null
dll=benchmarks/Backfill.Benchmarks/bin/Release/net10.0/Backfill.Benchmarks.dll
if [ -n "${HEAP_LIMIT_MB:-}" ]; then
  DOTNET_GCHeapHardLimit="$(printf '0x%X' $((HEAP_LIMIT_MB * 1024 * 1024)))"
  export DOTNET_GCHeapHardLimit
fi
if [ -x /usr/bin/time ]; then
  time_log="$(mktemp -t klaviyo-bench-time-XXXXXX.log)"
  trap 'rm -f "$time_log"' EXIT
  status=0
  /usr/bin/time -v -o "$time_log" dotnet "$dll" klaviyo "$@" || status=$?
  grep -E "Maximum resident set size|Elapsed \(wall clock\)|Percent of CPU" "$time_log" || true
  exit "$status"
else
  dotnet "$dll" klaviyo "$@"
fi
