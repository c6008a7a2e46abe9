#!/usr/bin/env bash
# The directory mix at scale: rosterload against running Roster servers, one after the other.
#
#   URLS="postgres=http://127.0.0.1:8071 sqlite=http://127.0.0.1:8072" \
#   LOGIN=seedadmin PASSWORD=seed-Password-1 tools/bench/load.sh
#
# Two runs per server: 50 people typing (each pauses THINK, 150 ms on average, between
# requests: the scenario the budgets in docs/PERFORMANCE.md are set for), then 50 clients
# sending requests back to back (the server at saturation). Environment: D (measured
# seconds, 60), CLIENTS (50), THINK (150ms), OUTDIR (JSON results, a temporary directory).
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${URLS:?set URLS, e.g. postgres=http://127.0.0.1:8071}"
: "${LOGIN:?set LOGIN and PASSWORD of a Roster system admin}" "${PASSWORD:?}"
D=${D:-60}
CLIENTS=${CLIENTS:-50}
THINK=${THINK:-150ms}
OUTDIR=${OUTDIR:-$(mktemp -d)}
mkdir -p "$OUTDIR"
go build -o "$OUTDIR/rosterload" ./cmd/rosterload
for target in $URLS; do
	name=${target%%=*} url=${target#*=}
	for mode in typing saturation; do
		think=$THINK
		[ "$mode" = saturation ] && think=0
		echo "== $name, $mode: $CLIENTS clients, think $think, ${D}s"
		"$OUTDIR/rosterload" -url "$url" -login "$LOGIN" -password "$PASSWORD" -c "$CLIENTS" -think "$think" \
			-d "${D}s" -warmup 10s -json "$OUTDIR/$name-$mode.json"
	done
done
echo "results in $OUTDIR"
