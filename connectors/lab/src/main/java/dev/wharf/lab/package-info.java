/** Wharf lab connector. */
package dev.wharf.lab;
