/** Settings on disk: where the config directory is, and the saved connections (atomic writes, no secrets). */
package dev.wharf.app.settings;
