#!/usr/bin/env bash
# Backfill benchmark: one backfill (default: a year of northloop-outfitters) from the in-process sandbox with
# Klaviyo's real rate limits into the embedded store and the Firestore emulator, against its bounds.
# Usage: benchmarks/backfill.sh [--days 365] [--account northloop-outfitters] [--skip-emulator] [--skip-embedded] [--store-sample 30000]
# Uses FIRESTORE_EMULATOR_HOST when set; otherwise starts its own emulator on a free loopback port and stops
# exactly that process on exit. EMULATOR_HEAP (default 4g) sets the emulator's -Xmx: 100k ~2 KB documents
# do not fit a small heap: the emulator keeps deleted data and old versions on its heap.
# HEAP_LIMIT_MB=400 runs under a GC heap hard limit, to show the backfill's memory stays bounded.
set -euo pipefail
cd "$(dirname "$0")/.."

# With --skip-emulator nothing uses Firestore, so no emulator is started (it would take a core's share for nothing).
if [[ " $* " != *" --skip-emulator "* ]]; then
  # shellcheck source=benchmarks/emulator.sh
  source benchmarks/emulator.sh
fi

dotnet build -c Release benchmarks/Backfill.Benchmarks -v q -nologo >/dev/null
dll=benchmarks/Backfill.Benchmarks/bin/Release/net10.0/Backfill.Benchmarks.dll
if [ -n "${HEAP_LIMIT_MB:-}" ]; then
  DOTNET_GCHeapHardLimit="$(printf '0x%X' $((HEAP_LIMIT_MB * 1024 * 1024)))"
  export DOTNET_GCHeapHardLimit
fi
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v dotnet "$dll" backfill "$@"
else
  dotnet "$dll" backfill "$@"
fi
