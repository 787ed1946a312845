#!/bin/sh
# Start-time benchmark of the app image, with and without its AppCDS archive.
#
#   installer/src/bench/start-time.sh [RUNS]        (after ./mvnw -pl installer -am package)
#
# Measures, RUNS times each (default 5), median in ms:
#   - `wharf --version` and `wharf ls --lab -o json`: launch to exit;
#   - the desktop: launch until a top-level X window named "Wharf" exists, under Xvfb
#     (needs xvfb-run and xwininfo: apt install xvfb x11-utils); skipped if they are missing.
# "without" = the image's lib/app/wharf.jsa moved aside: the JVM then uses only the JDK's base
# CDS archive (jlink --generate-cds-archive), i.e. what a jpackage image gives by default.
set -eu
if [ "${1:-}" = --window-inside-xvfb ]; then window_mode=1; shift; else window_mode=0; fi
runs=${1:-5}
here=$(cd "$(dirname "$0")/../.." && pwd)
image="$here/target/image/wharf"
wharf="$image/bin/wharf"
jsa="$image/lib/app/wharf.jsa"
[ -x "$wharf" ] || { echo "no image at $image: run ./mvnw -pl installer -am package first" >&2; exit 1; }

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

time_cmd() { # runs the command RUNS times, prints the median wall time in ms
    i=0
    while [ $i -lt "$runs" ]; do
        t0=$(now_ms); "$@" >/dev/null 2>&1 || true; t1=$(now_ms)
        echo $((t1 - t0)); i=$((i + 1))
    done | median
}

time_window() { # inside Xvfb: launch the desktop, poll for its window, kill it
    i=0
    while [ $i -lt "$runs" ]; do
        t0=$(now_ms)
        "$wharf" --lab >/dev/null 2>&1 &
        pid=$!
        n=0
        until xwininfo -root -tree 2>/dev/null | grep -q '"Wharf'; do
            kill -0 $pid 2>/dev/null || { echo "wharf exited before showing a window" >&2; break; }
            n=$((n + 1)); [ $n -lt 3000 ] || { echo "no window within 60 s" >&2; break; }
            sleep 0.02
        done
        t1=$(now_ms)
        kill $pid 2>/dev/null || true; sleep 1; kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
        echo $((t1 - t0)); i=$((i + 1))
    done | median
}

measure() { # $1 = label
    "$wharf" --version >/dev/null 2>&1 || true   # warm the page cache
    printf '%-8s  --version %5s ms   ls --lab -o json %5s ms' "$1" \
        "$(time_cmd "$wharf" --version)" "$(time_cmd "$wharf" ls --lab -o json)"
    if command -v xvfb-run >/dev/null && command -v xwininfo >/dev/null; then
        printf '   first window %5s ms' "$(xvfb-run -a sh "$0" --window-inside-xvfb "$runs")"
    fi
    echo
}

if [ $window_mode = 1 ]; then time_window; exit 0; fi
[ -f "$jsa" ] || { echo "no AppCDS archive $jsa (built on Linux by the installer's package phase)" >&2; exit 1; }

echo "runs: $runs each, median; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
measure "with"
mv "$jsa" "$jsa.off"
trap 'mv "$jsa.off" "$jsa"' EXIT
measure "without"
