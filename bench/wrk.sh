#!/usr/bin/env bash
# Load benchmark: wrk at 64 connections against the office's dashboard and a liaison's home page,
# with the plain framework endpoint (/livez: no database, no session) measured in the same run
# as the ceiling. Release build, embedded SQLite, the five seed programmes.
#
#   bench/wrk.sh [seconds]      (needs wrk and curl: apt-get install wrk curl)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
CONNECTIONS=64
THREADS=2

swift build -c release --product healthcity >/dev/null
BIN=.build/release/healthcity
WORK=$(mktemp -d)
DB="$WORK/bench.sqlite"
PORT=${PORT:-18080}
PASSWORD="Bench-password-2024"
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT

$BIN plan load plans --database "$DB" >/dev/null
echo "$PASSWORD" | $BIN user add office --role office --plan pianguan-2023 --password-stdin --database "$DB" >/dev/null
echo "$PASSWORD" | $BIN user add liaison --role liaison --plan pianguan-2023 --unit 县卫体局 --password-stdin --database "$DB" >/dev/null
$BIN serve --database "$DB" --port "$PORT" --no-seed >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/livez" >/dev/null && break; sleep 0.5; done

# Sign in the way a browser does and keep the session cookie.
login() {
    local jar="$WORK/$1.jar"
    local csrf
    csrf=$(curl -s -c "$jar" "http://127.0.0.1:$PORT/login" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
    curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "username=$1" \
        --data-urlencode "password=$PASSWORD" "http://127.0.0.1:$PORT/login"
    awk '$6 == "hc_session" { print $7 }' "$jar"
}
OFFICE=$(login office)
LIAISON=$(login liaison)
[ -n "$OFFICE" ] && [ -n "$LIAISON" ] || { echo "sign-in failed" >&2; exit 1; }

run() {
    local name=$1 path=$2 cookie=${3:-}
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' ${cookie:+-H "Cookie: hc_session=$cookie"} "http://127.0.0.1:$PORT$path")
    [ "$status" = 200 ] || { echo "$path answered $status" >&2; exit 1; }
    echo "== $name ($path)"
    wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency ${cookie:+-H "Cookie: hc_session=$cookie"} \
        "http://127.0.0.1:$PORT$path" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors"
}

echo "wrk $THREADS threads, $CONNECTIONS connections, ${DURATION}s each; $(nproc) cores shared by server and wrk"
run "ceiling: plain framework endpoint" /livez
run "office dashboard" /plans/pianguan-2023/dashboard "$OFFICE"
run "liaison home" / "$LIAISON"
echo "server RSS after the run: $(ps -o rss= -p $SERVER | awk '{printf "%.0f MiB", $1/1024}')"
