#!/usr/bin/env bash
# Manager benchmark: 500 registered clients (3 demo + sandbox accounts generated from a seed), 12 of them backfilling,
# the manager open in Chromium. The app runs as its own process on 127.0.0.1 (Development: in-process sandbox) with a
# fresh embedded store. Prints the first render (target < 1 s), the updates the browser receives per second (SignalR
# frames and DOM mutation batches; target <= 4) and the server CPU the open page's board snapshots cost (thread CPU
# from the app's /metrics; target < 5% of one core),
# with the load average.
# Usage: benchmarks/manager.sh [--clients 500] [--running 12] [--seconds 20] [--repeats 5] [--seed 1]
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build -c Release Backfill.Web -v q -nologo >/dev/null
dotnet build -c Release benchmarks/Backfill.ManagerBenchmark -v q -nologo >/dev/null
dotnet benchmarks/Backfill.ManagerBenchmark/bin/Release/net10.0/Backfill.ManagerBenchmark.dll \
  --web "$PWD/Backfill.Web/bin/Release/net10.0/Backfill.Web.dll" "$@"
