#!/usr/bin/env bash
# Event page benchmark: what one full page of 1,000 Placed Order events (with included profiles and attributions)
# costs the production Klaviyo client: bytes allocated to receive and parse it, live heap held while its events are
# read, and what converting its events to orders allocates. The sandbox runs in a child process.
# Usage: benchmarks/event-page.sh [--account alder-and-ash] [--repeats 6]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release benchmarks/Backfill.Benchmarks -v q -nologo >/dev/null
dotnet benchmarks/Backfill.Benchmarks/bin/Release/net10.0/Backfill.Benchmarks.dll event-page "$@"
echo "load: $(cat /proc/loadavg)"
