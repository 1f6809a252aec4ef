#!/usr/bin/env bash
# Viewer benchmark: the data viewer's first render in Chromium for a year of northloop-outfitters (about 130k orders)
# on the embedded store. The app runs as its own process on 127.0.0.1 (Development: in-process sandbox); the first run
# copies the account into --store (tens of minutes on a loaded machine), later runs reuse it. Prints each render and
# the median, with the load average before and after (target: median under 1 s).
# Usage: benchmarks/viewer.sh [--days 365] [--account northloop-outfitters] [--store /tmp/viewer.db] [--repeats 7]
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build -c Release Backfill.Web -v q -nologo >/dev/null
dotnet build -c Release benchmarks/Backfill.ViewerBenchmark -v q -nologo >/dev/null
dotnet benchmarks/Backfill.ViewerBenchmark/bin/Release/net10.0/Backfill.ViewerBenchmark.dll \
  --web "$PWD/Backfill.Web/bin/Release/net10.0/Backfill.Web.dll" "$@"
