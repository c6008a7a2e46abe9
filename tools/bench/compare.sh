#!/usr/bin/env bash
# Roster beside Mattermost's own user search, on the same data, in one run.
#
# The Mattermost side is the search SQL of Mattermost's user store run by pgbench on a
# Mattermost-schema database (the anchor in ../shared/anchors/mattermost-search, loaded
# by its load.sh into the database mmanchor). The Roster side is POST /api/v4/users/search
# through HTTP, driven by rosterload, against servers whose databases were filled from
# that same database (roster dev seed --from-mattermost). Both get the same terms (the
# anchor's term tables), the same client counts and the same duration, one after the
# other, on the same machine.
#
#   ROSTER_URLS="postgres=http://127.0.0.1:8071 sqlite=http://127.0.0.1:8072" \
#   LOGIN=seedadmin PASSWORD=seed-Password-1 tools/bench/compare.sh
#
# Environment: ANCHOR_DIR, ANCHOR_DB (mmanchor), PGHOST/PGUSER (127.0.0.1/postgres),
# T (seconds per run, 30), CLIENTS ("1 16"), CASES (all four), OUT (a TSV of the results).
set -euo pipefail
cd "$(dirname "$0")/../.."
ANCHOR_DIR=${ANCHOR_DIR:-../shared/anchors/mattermost-search}
ANCHOR_DB=${ANCHOR_DB:-mmanchor}
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
T=${T:-30}
CLIENTS=${CLIENTS:-"1 16"}
CASES=${CASES:-"a1_global_3letter a2_global_1letter a3_global_username b1_team_3letter"}
: "${ROSTER_URLS:?set ROSTER_URLS, e.g. postgres=http://127.0.0.1:8071}"
: "${LOGIN:?set LOGIN and PASSWORD of a Roster system admin}" "${PASSWORD:?}"
OUT=${OUT:-/dev/null}

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
go build -o "$W/rosterload" ./cmd/rosterload

# The anchor's term tables, with Mattermost's LIKE escaping (*) undone.
terms() {
	psql -X -At -d "$ANCHOR_DB" -c "SELECT replace(replace(term, '*_', '_'), '*%', '%') FROM $1 ORDER BY id" > "$W/$1.txt"
}
terms bench_t3
terms bench_t1
terms bench_tu
TEAM=$(printf team1 | md5sum | cut -c1-26)

# p50 p95 p99 (ms) and the count of pgbench per-transaction logs (latency in column 3, µs).
percentiles() {
	cat "$@" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {
		n=NR; i=int(n*0.50); if (i<1) i=1; j=int(n*0.95); if (j<1) j=1; k=int(n*0.99); if (k<1) k=1
		printf "%.2f\t%.2f\t%.2f\t%d\n", a[i]/1000, a[j]/1000, a[k]/1000, n }'
}

printf 'case\tclients\tsystem\treq/s\tp50_ms\tp95_ms\tp99_ms\trequests\n' | tee "$OUT"
for c in $CASES; do
	case $c in
	a1_global_3letter) tf=bench_t3 team= ;;
	a2_global_1letter) tf=bench_t1 team= ;;
	a3_global_username) tf=bench_tu team= ;;
	b1_team_3letter) tf=bench_t3 team=$TEAM ;;
	*) echo "unknown case $c" >&2; exit 2 ;;
	esac
	for n in $CLIENTS; do
		rm -f "$W"/log.*
		cp "$ANCHOR_DIR/bench/$c.sql" "$W/script.sql"
		pgbench -n -M extended -c "$n" -j "$(( n < 2 ? n : 2 ))" -T "$T" -D team="$TEAM" \
			-l --log-prefix="$W/log" -f "$W/script.sql" "$ANCHOR_DB" > "$W/pgbench.txt" 2>&1 || { cat "$W/pgbench.txt"; exit 1; }
		tps=$(grep -oP 'tps = \K[0-9.]+' "$W/pgbench.txt" | head -1)
		IFS=$'\t' read -r p50 p95 p99 cnt < <(percentiles "$W"/log.*)
		printf '%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\n' "$c" "$n" mattermost-sql "$tps" "$p50" "$p95" "$p99" "$cnt" | tee -a "$OUT"
		for target in $ROSTER_URLS; do
			name=${target%%=*} url=${target#*=}
			"$W/rosterload" -url "$url" -login "$LOGIN" -password "$PASSWORD" -c "$n" -d "${T}s" -warmup 3s \
				-mix search=1 -terms "$W/$tf.txt" ${team:+-search-team "$team"} -json "$W/r.json" > "$W/load.txt" 2>&1 ||
				{ cat "$W/load.txt"; exit 1; }
			python3 -c 'import json,sys; r=[x for x in json.load(open(sys.argv[1]))["results"] if x["op"]=="all"][0]
print("%.1f\t%.2f\t%.2f\t%.2f\t%d" % (r["rps"], r["p50_ms"], r["p95_ms"], r["p99_ms"], r["count"]))' "$W/r.json" |
				{ IFS=$'\t' read -r rps p50 p95 p99 cnt; printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$n" "roster-$name" "$rps" "$p50" "$p95" "$p99" "$cnt"; } | tee -a "$OUT"
		done
	done
done
