/** Wharf libvirt connector. */
package dev.wharf.libvirt;
