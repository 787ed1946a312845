#!/bin/sh
# The lab's private libvirtd as root: system mode in a private mount namespace whose
# /etc/libvirt, /run/libvirt, /var/lib/libvirt, /var/log/libvirt and /var/cache/libvirt are bind
# mounts of directories under ROOT, so it shares nothing with another libvirtd on the machine.
# Its socket is ROOT/run/libvirt-sock. Usage: lab-libvirtd.sh ROOT CACHE_DIR outer|inner LIBVIRTD
set -eu
ROOT=$1; CACHE=$2; CMD=$3; LIBVIRTD=${4:-libvirtd}
case "$CMD" in
outer)
    exec unshare -m --propagation private sh "$0" "$ROOT" "$CACHE" inner "$LIBVIRTD"
    ;;
inner)
    mkdir -p /etc/libvirt /run/libvirt /var/lib/libvirt /var/log/libvirt /var/cache/libvirt "$CACHE"
    mount --bind "$ROOT/etc" /etc/libvirt
    mount --bind "$ROOT/run" /run/libvirt
    mount --bind "$ROOT/lib" /var/lib/libvirt
    mount --bind "$ROOT/log" /var/log/libvirt
    mount --bind "$CACHE" /var/cache/libvirt
    exec "$LIBVIRTD" -d --config "$ROOT/etc/libvirtd.conf" --pid-file "$ROOT/libvirtd.pid"
    ;;
esac
