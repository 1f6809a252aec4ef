#!/usr/bin/env bash
# Refresh benchmark: a year of northloop-outfitters is backfilled (Klaviyo's real rate limits, about 3 minutes per
# store), then refreshed with a 7-day lookback; prints the refresh's requests per endpoint (counted by the sandbox),
# its reporting-API calls and its wall time against the rate-limit bound of the minimum plan.
# Usage: benchmarks/refresh.sh [--refresh 7] [--days 365] [--account northloop-outfitters] [--skip-emulator] [--skip-embedded] [--rest 65] [--refreshes 1]
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
[[ " ${args[*]:-} " == *" --refresh "* ]] || args+=(--refresh 7)
exec benchmarks/backfill.sh "${args[@]}"
