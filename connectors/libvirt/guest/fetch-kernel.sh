#!/bin/sh
# Fetches the kernel of Debian's cloud flavour (plus the evdev and button modules that ACPI
# power-button shutdown needs) into ${WHARF_GUEST_DIR:-$HOME/.cache/wharf/guest}, for
# dev.wharf.libvirt.guest.TinyGuest. Idempotent; run as root on Debian (needs apt-get, dpkg).
# Nothing is installed: the package is downloaded and unpacked into a temporary directory.
set -eu

DEST=${WHARF_GUEST_DIR:-$HOME/.cache/wharf/guest}
mkdir -p "$DEST"

if [ -s "$DEST/vmlinuz" ] && [ -s "$DEST/evdev.ko" ] && [ -s "$DEST/button.ko" ]; then
    echo "fetch-kernel: kernel already in $DEST"
    exit 0
fi

# The metapackage linux-image-cloud-amd64 depends on the real, versioned package.
PKG=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null \
      | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-cloud-amd64\)$/\1/p' | head -n 1)
if [ -z "$PKG" ]; then
    apt-get update -qq
    PKG=$(apt-cache depends linux-image-cloud-amd64 \
          | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-cloud-amd64\)$/\1/p' | head -n 1)
fi
[ -n "$PKG" ] || { echo "fetch-kernel: cannot resolve linux-image-cloud-amd64 (apt-get update?)" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
chmod 0755 "$TMP"
cd "$TMP"
apt-get download "$PKG" >/dev/null
dpkg -x ./*.deb root

cp root/boot/vmlinuz-* "$DEST/vmlinuz.tmp"
for m in evdev button; do
    f=$(find root/lib/modules -name "$m.ko*" | head -n 1)
    [ -n "$f" ] || { echo "fetch-kernel: $m.ko not in $PKG" >&2; exit 1; }
    case "$f" in
        *.xz)  xz -dc "$f"   > "$DEST/$m.ko.tmp" ;;
        *.zst) zstd -dcq "$f" > "$DEST/$m.ko.tmp" ;;
        *)     cp "$f" "$DEST/$m.ko.tmp" ;;
    esac
    # evdev and button depend on nothing but the kernel itself (their modinfo "depends=" is empty);
    # say so loudly should a future kernel change that.
    deps=$(tr '\0' '\n' < "$DEST/$m.ko.tmp" | sed -n 's/^depends=//p' | head -n 1)
    [ -z "$deps" ] || echo "fetch-kernel: warning: $m.ko now depends on $deps (not copied)" >&2
done
for f in vmlinuz evdev.ko button.ko; do mv "$DEST/$f.tmp" "$DEST/$f"; done
echo "$PKG" > "$DEST/kernel-package"
chmod 0644 "$DEST"/*
echo "fetch-kernel: $PKG -> $DEST"
