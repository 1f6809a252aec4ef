#!/usr/bin/env bash
# Manager benchmark: 500 registered clients (3 demo + sandbox accounts generated from a seed), 12 of them backfilling,
# the manager open in Chromium. The app runs as its own process on 127.0.0.1 (Development: in-process sandbox) with a
# fresh embedded store. Prints the first render (target < 1 s) with where its time goes (document, scripts and styles
# with their bytes on the wire, WebSocket, render batches, first row), the updates the browser receives per second
# (SignalR frames and DOM mutation batches; target <= 4) and the server CPU the open page's board snapshots cost (thread
# CPU from the app's /metrics; target < 5% of one core), with the load average.
# The app runs from its publish output, as deployed: a build output serves static assets through the SDK's development
# handler, which re-hashes a file on every request and sends a package's changed-looking file (MudBlazor's, whose time
# stamp differs from the package's manifest) as uncompressed gzip.
# Usage: benchmarks/manager.sh [--clients 500] [--running 12] [--seconds 20] [--repeats 5] [--seed 1] [--first-render-only]
set -euo pipefail
cd "$(dirname "$0")/.."

out="$PWD/Backfill.Web/bin/Release/net10.0/manager-bench-publish"
dotnet publish -c Release Backfill.Web -o "$out" -v q -nologo >/dev/null
dotnet build -c Release benchmarks/Backfill.ManagerBenchmark -v q -nologo >/dev/null
dotnet benchmarks/Backfill.ManagerBenchmark/bin/Release/net10.0/Backfill.ManagerBenchmark.dll \
  --web "$out/Backfill.Web.dll" "$@"
