#!/usr/bin/env bash
# Store benchmark: bulk writer vs baselines on the Firestore emulator, plus the embedded store.
# Usage: benchmarks/store.sh [--docs 100000] [--baseline-docs 10000] [--skip-emulator] [--skip-embedded]
# Uses FIRESTORE_EMULATOR_HOST when set; otherwise starts its own emulator on a free loopback port and stops
# exactly that process on exit. EMULATOR_HEAP (default 4g) sets the emulator's -Xmx: 100k ~2 KB documents
# do not fit the test fixture's 1g: the emulator keeps deleted data and old versions on its heap.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=benchmarks/emulator.sh
source benchmarks/emulator.sh

dotnet build -c Release benchmarks/Backfill.Benchmarks -v q -nologo >/dev/null
dll=benchmarks/Backfill.Benchmarks/bin/Release/net10.0/Backfill.Benchmarks.dll
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v dotnet "$dll" store "$@"
else
  dotnet "$dll" store "$@"
fi
