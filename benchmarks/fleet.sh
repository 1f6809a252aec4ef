#!/usr/bin/env bash
# Fleet benchmark (issue 16): N generated sandbox accounts (default 12 from seed 16, two of them as large as
# northloop-outfitters), one year each, all started at once with start-all, against Klaviyo's real (the sandbox's
# default) rate limits, on the embedded store and on the Firestore emulator. Per store it runs:
#   1. each account alone (one app process, one client) to get its engine CPU time: the CPU bound is the sum of these
#      single runs' CPU / cores. --skip-singles uses the fleet run's own engine CPU instead (the same work, summed
#      over all clients in one process; it saves N sequential runs);
#   2. the N accounts in one app process (Backfill:MaxParallelClients = N, so all start at once);
#   3. the same N accounts in two app processes sharing the store (MaxParallelClients = N/2 each; leases decide who
#      runs what), printed side by side with 2: requests must equal (no client runs twice).
# Every phase gets a fresh store (a new SQLite file, or a new emulator project) and a fresh sandbox process (empty
# rate-limit windows). The sandbox runs as its own process so its CPU is measured apart from the engine's; the app
# processes are this program's `fleet-app` sub-command (the backfill feature composed as the web app does, with
# leases), each reporting its own CPU and peak RSS (VmHWM). Wall time is first start to last completion, read from
# the stored statuses; the rate-limit bound of an account is the fewest requests its plan needs per endpoint under
# Klaviyo's clock-aligned windows (as benchmarks/backfill.sh), the slowest account's bound taken.
# Usage: benchmarks/fleet.sh [--store embedded|firestore|both] [--accounts 12] [--large 2] [--days 365] [--seed 16]
#                            [--small (= --accounts 4 --large 1 --days 30)] [--skip-singles] [--skip-two]
# Uses FIRESTORE_EMULATOR_HOST when set; otherwise (when the store is firestore or both) starts its own emulator and
# stops exactly that process on exit (see emulator.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

store=both
prev=""
for arg in "$@"; do
  if [ "$prev" = "--store" ]; then store="$arg"; fi
  prev="$arg"
done
if [ "$store" != "embedded" ]; then
  # shellcheck source=benchmarks/emulator.sh
  source benchmarks/emulator.sh
fi

dotnet build -c Release benchmarks/Backfill.Benchmarks -v q -nologo >/dev/null
dll=benchmarks/Backfill.Benchmarks/bin/Release/net10.0/Backfill.Benchmarks.dll
echo "load before: $(cat /proc/loadavg)"
dotnet "$dll" fleet "$@"
echo "load after: $(cat /proc/loadavg)"
