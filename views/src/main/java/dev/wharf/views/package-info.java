/** JavaFX views: shell, topology, table, details, console, connect, actions. Never imports fabric8 or libvirt. */
package dev.wharf.views;
