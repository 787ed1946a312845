/**
 * A tiny bootable guest (Debian cloud kernel + a busybox initramfs built in Java) and its domain XML,
 * for the real-libvirt tests and the embedded lab. The kernel comes from
 * {@code connectors/libvirt/guest/fetch-kernel.sh}.
 */
package dev.wharf.libvirt.guest;
