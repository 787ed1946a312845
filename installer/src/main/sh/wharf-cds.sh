#!/bin/sh
# Wharf's AppCDS archive (class data sharing: classes parsed once, mapped at start).
#
#   wharf-cds.sh train IMAGE   runs the image's launcher on short commands (and, with xvfb-run, the
#                              desktop on the lab until its window shows) and writes the classes they
#                              load to IMAGE/lib/app/wharf.classlist (build time). A training run that
#                              fails fails the build; without xvfb-run/xwininfo the desktop's run is
#                              skipped with a warning, and fails the build in CI (CI=true).
#   wharf-cds.sh dump IMAGE    dumps IMAGE/lib/app/wharf.jsa from that list (build time for the
#                              app image; install time for the .deb: a JDK 17 archive only works for
#                              the exact jar paths and timestamps it was dumped with)
#   wharf-cds.sh remove IMAGE  deletes the archive (the .deb's prerm)
#
# The launcher's java-options name the archive ($APPDIR/wharf.jsa); when it is absent or stale the
# JVM starts without it, silently.
set -eu
mode=${1:?usage: wharf-cds.sh train|dump|remove IMAGE}
image=${2:?usage: wharf-cds.sh train|dump|remove IMAGE}
app="$image/lib/app"
list="$app/wharf.classlist"
archive="$app/wharf.jsa"

case "$mode" in
train)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    n=0
    failed=0
    # Each command is one training run; their lists are merged (JDK 17 lists of app-loader classes
    # carry no ids, so concatenating and dropping repeats is safe).
    for args in "--version" "ls --lab -o json"; do
        n=$((n + 1))
        # shellcheck disable=SC2086 # word splitting of $args is wanted
        if ! JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$tmp/$n.classlist" timeout 120 "$image/bin/wharf" $args >"$tmp/$n.out" 2>&1; then
            echo "wharf-cds: training run 'wharf $args' failed:" >&2
            tail -n 20 "$tmp/$n.out" >&2
            failed=1
        fi
    done
    if command -v xvfb-run >/dev/null 2>&1 && command -v xwininfo >/dev/null 2>&1; then
        n=$((n + 1))
        if ! timeout 150 xvfb-run -a sh "$0" desktop-run "$image" "$tmp/$n.classlist" >"$tmp/$n.out" 2>&1; then
            echo "wharf-cds: training run of the desktop failed (it needs GTK 3 and libXtst: apt install libgtk-3-0 libxtst6):" >&2
            tail -n 20 "$tmp/$n.out" >&2
            failed=1
        fi
    elif [ "${CI:-}" = true ]; then
        echo "wharf-cds: no xvfb-run or xwininfo (apt install xvfb x11-utils): CI trains the desktop too" >&2
        failed=1
    else
        echo "wharf-cds: no xvfb-run or xwininfo (apt install xvfb x11-utils): the desktop's classes are not in the archive" >&2
    fi
    if [ "$failed" -ne 0 ]; then
        echo "wharf-cds: training failed: the archive would lack those classes (a slower start); fix the cause above" >&2
        exit 1
    fi
    cat "$tmp"/*.classlist | awk '!/^#/ && NF && !seen[$0]++' >"$list"
    echo "wharf-cds: $(wc -l <"$list") classes in $list"
    ;;
dump)
    [ -f "$list" ] || { echo "wharf-cds: no class list $list" >&2; exit 1; }
    # the class path exactly as the launcher builds it (order matters to CDS)
    cp=$(sed -n 's/^app\.classpath=//p' "$app/wharf.cfg" | sed "s#\$APPDIR#$app#g" | paste -sd: -)
    log=$(mktemp)
    rm -f "$archive"
    if "$image/lib/runtime/bin/java" -Xshare:dump -XX:SharedClassListFile="$list" \
            -XX:SharedArchiveFile="$archive" -cp "$cp" >"$log" 2>&1; then
        chmod 644 "$archive"
        echo "wharf-cds: $archive ($(du -k "$archive" | cut -f1) KB)"
        rm -f "$log"
    else
        echo "wharf-cds: could not dump $archive (Wharf still runs, without the archive):" >&2
        tail -n 20 "$log" >&2
        rm -f "$log" "$archive"
        exit 1
    fi
    ;;
remove)
    rm -f "$archive"
    ;;
desktop-run)
    # (inside xvfb-run) `wharf --lab` until its window shows (xwininfo; at most 100 s), then SIGTERM:
    # the JVM's orderly exit completes the class list
    out=${3:?desktop-run IMAGE LIST}
    JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$out" "$image/bin/wharf" --lab &
    pid=$!
    i=0
    until xwininfo -root -tree 2>/dev/null | grep -q '"Wharf'; do
        kill -0 $pid 2>/dev/null || { echo "wharf --lab exited before its window showed" >&2; exit 1; }
        if [ $i -ge 2500 ]; then
            echo "wharf --lab showed no window within 100 s" >&2
            kill -KILL $pid 2>/dev/null || true
            exit 1
        fi
        sleep 0.04
        i=$((i + 1))
    done
    sleep 2
    kill -TERM $pid 2>/dev/null || true
    i=0
    while kill -0 $pid 2>/dev/null && [ $i -lt 250 ]; do sleep 0.04; i=$((i + 1)); done
    kill -KILL $pid 2>/dev/null || true
    wait $pid || true
    [ -s "$out" ]
    ;;
*)
    echo "usage: wharf-cds.sh train|dump|remove IMAGE" >&2
    exit 2
    ;;
esac
