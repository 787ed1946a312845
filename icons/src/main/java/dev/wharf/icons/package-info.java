/** Wharf's own icons (SVG paths for host, node, pod, VM, microVM, isolation badges) and the app icons. */
package dev.wharf.icons;
