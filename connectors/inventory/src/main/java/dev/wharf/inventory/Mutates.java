package dev.wharf.inventory;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a capability interface that changes something on the server, the host or a
 * guest (create a snapshot, apply an edit, forward a port into a pod). A read-only connection
 * refuses every such call below the views: whoever wraps a read-only source's capabilities refuses
 * the marked methods and lets the others (list, read, diff, dry run) through.
 *
 * <p>Every capability method that writes must carry it; a method that only reads must not.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Mutates {
}
