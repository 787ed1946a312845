/** Wharf kubernetes connector. */
package dev.wharf.kubernetes;
