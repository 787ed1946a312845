#!/bin/sh
# A private libvirtd for the tests: its own config, socket dir, pid files, TCP port, in a private
# mount namespace (its /etc/libvirt, /run/libvirt, /var/lib/libvirt, /var/log/libvirt and
# /var/cache/libvirt are bind mounts of directories under $ROOT), so it collides with no other
# libvirtd on the machine. Usage: private-libvirtd.sh ROOT TCP_PORT CACHE_DIR daemons|inner
set -eu
ROOT=$1; PORT=$2; CACHE=$3; CMD=$4

case "$CMD" in
daemons)
    mkdir -p /run/libvirt /var/lib/libvirt /var/cache/libvirt /var/log/libvirt /etc/libvirt "$CACHE"
    exec unshare -m --propagation private sh "$0" "$ROOT" "$PORT" "$CACHE" inner
    ;;
inner)
    mount --bind "$ROOT/etc" /etc/libvirt
    mount --bind "$ROOT/run" /run/libvirt
    mount --bind "$ROOT/lib" /var/lib/libvirt
    mount --bind "$ROOT/log" /var/log/libvirt
    mount --bind "$CACHE" /var/cache/libvirt
    if ! { [ -f "$ROOT/virtlogd.pid" ] && kill -0 "$(cat "$ROOT/virtlogd.pid")" 2>/dev/null; }; then
        virtlogd -d -p "$ROOT/virtlogd.pid" -f "$ROOT/etc/virtlogd.conf"
    fi
    # sshd lives in this namespace too, so qemu+ssh:// reaches the private daemon at the default
    # socket path through virt-ssh-helper (no netcat needed, no socket= parameter).
    if [ -f "$ROOT/ssh/sshd_config" ] && ! { [ -f "$ROOT/ssh/sshd.pid" ] && kill -0 "$(cat "$ROOT/ssh/sshd.pid")" 2>/dev/null; }; then
        mkdir -p /run/sshd
        /usr/sbin/sshd -f "$ROOT/ssh/sshd_config"
    fi
    exec libvirtd -d --listen --config "$ROOT/etc/libvirtd.conf" --pid-file "$ROOT/libvirtd.pid"
    ;;
esac
