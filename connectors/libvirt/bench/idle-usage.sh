#!/bin/sh
# Idle CPU of the desktop app showing N running libvirt domains (test driver), usage polling on.
# Measures the app's own CPU time (utime+stime from /proc/PID/stat) over a window, which is robust
# to other load on the machine, and prints it as % of one core beside `uptime`.
# Usage (from the repository root, after `./mvnw -q install -DskipTests`; needs an X display, e.g. Xvfb):
#   DISPLAY=:93 sh connectors/libvirt/bench/idle-usage.sh [N=100] [SETTLE_S=60] [WINDOW_S=60]
set -eu
n=${1:-100}; settle=${2:-60}; window=${3:-60}
dir=$(mktemp -d); xml="$dir/host.xml"
{
  echo "<node><cpu><mhz>2400</mhz><model>x86_64</model><nodes>1</nodes><sockets>2</sockets><cores>16</cores>"
  echo "<threads>2</threads><active>64</active></cpu><memory>536870912</memory>"
  i=0
  while [ "$i" -lt "$n" ]; do
    printf "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>vm-%04d</name>" "$i"
    printf "<uuid>6a1d2c3e-0000-4000-8000-%012x</uuid><memory unit='MiB'>512</memory><vcpu>2</vcpu>" "$i"
    echo "<os><type>hvm</type></os><test:runstate>1</test:runstate></domain>"
    i=$((i + 1))
  done
  echo "</node>"
} > "$xml"
app/target/wharf/bin/wharf --libvirt "test://$xml" > "$dir/app.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
sleep "$settle"
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
a=$(ticks); sleep "$window"; b=$(ticks)
echo "idle CPU with $n running test-driver domains: $(( (b - a) * 10000 / (hz * window) / 100 )).$(printf %02d $(( (b - a) * 10000 / (hz * window) % 100 ))) % of one core over ${window} s ($((b - a)) ticks at ${hz} Hz)"
uptime
