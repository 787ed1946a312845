/**
 * The libvirt connector: a libvirt host (any URI: {@code qemu:///system}, {@code qemu+ssh://},
 * {@code qemu+tls://}, {@code qemu+tcp://}, {@code test:///}, {@code ch:///}) as a live
 * {@link dev.wharf.inventory.Source}.
 *
 * <p>Where things happen: {@link dev.wharf.libvirt.LibvirtUris} checks a URI before anything
 * connects; {@link dev.wharf.libvirt.LibvirtConnection} connects (credentials via
 * {@link dev.wharf.inventory.CredentialPrompt}), lists, follows lifecycle events, reconnects, and
 * performs actions on its own worker thread; {@link dev.wharf.libvirt.DomainMapper} turns a domain
 * ({@link dev.wharf.libvirt.DomainFacts}) into an inventory item (a pure function);
 * {@code LibvirtConsole} is the serial console stream, over the small JNA shim {@code NativeShim}
 * (the one place that reaches into the binding); {@code LibvirtEventLoop} is libvirt's one event
 * loop thread; {@code LibvirtAvailability} the one place that notices a missing {@code libvirt0}.
 * {@link dev.wharf.libvirt.guest.TinyGuest} prepares a tiny bootable guest for tests and the lab.
 * No JavaFX here.
 */
package dev.wharf.libvirt;
