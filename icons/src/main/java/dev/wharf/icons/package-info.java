/**
 * Wharf's own icons: {@link dev.wharf.icons.WharfIcon} holds SVG path data for host, node, pod,
 * VM, microVM, the isolation badges (container, sandbox, microVM, VM) and a few markers; the app
 * icon PNGs (16–256 px) are resources drawn by {@link dev.wharf.icons.AppIconGenerator}.
 * Depends on the JDK alone.
 */
package dev.wharf.icons;
