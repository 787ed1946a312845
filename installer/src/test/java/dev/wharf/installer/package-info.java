/**
 * Tests of what the installer module builds (run in the integration-test phase, after
 * {@code package}): the app image's launcher ({@code wharf --version}, {@code wharf ls --lab -o json},
 * its AppCDS archive) and the {@code .deb} (control fields, contents, desktop entry, icon,
 * maintainer scripts, the unpacked package running with its install-time archive).
 */
package dev.wharf.installer;
