/** Settings on disk: where the config directory is, the saved connections and the window's preferences (theme); atomic writes, no secrets. */
package dev.wharf.app.settings;
