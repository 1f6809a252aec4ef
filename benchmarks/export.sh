#!/usr/bin/env bash
# Export benchmark: a year of northloop-outfitters in the embedded store (backfilled from the in-process sandbox
# first, about 3 minutes, or loaded from --store when that file already holds it), then every export kind as CSV and
# xlsx into a discarding, async-only sink: rows, bytes, seconds, and the managed heap's peak above its level before
# each export (orders also for the last 30 and 182 days, to compare peaks across sizes; campaigns and flows also for
# the last 182 days, which sums their daily statistics).
# Usage: benchmarks/export.sh [--days 365] [--account northloop-outfitters] [--store /tmp/export.db] [--repeats 1]
# HEAP_LIMIT_MB=256 runs under a GC heap hard limit, to show the exports fit in it.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build -c Release benchmarks/Backfill.Benchmarks -v q -nologo >/dev/null
dll=benchmarks/Backfill.Benchmarks/bin/Release/net10.0/Backfill.Benchmarks.dll
if [ -n "${HEAP_LIMIT_MB:-}" ]; then
  DOTNET_GCHeapHardLimit="$(printf '0x%X' $((HEAP_LIMIT_MB * 1024 * 1024)))"
  export DOTNET_GCHeapHardLimit
fi
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v dotnet "$dll" export "$@"
else
  dotnet "$dll" export "$@"
fi
