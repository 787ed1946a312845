package dev.wharf.views.model;

import dev.wharf.inventory.Isolation;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;

/**
 * What the window calls an item: the inventory's kind, except that a gVisor pod (a microVM by
 * the JSON contract's {@code kind}, isolation {@code sandbox}) is a sandbox — it runs in a
 * user-space kernel, not in a virtual machine. Counts, the legend, the Kind filter and the
 * labels use this; the CLI and JSON keep {@link Kind}.
 */
public enum ShownKind {
    HOST, NODE, POD, VM, MICROVM, SANDBOX;

    public static ShownKind of(Item i) {
        if (i.kind() == Kind.MICROVM && i.isolation() == Isolation.SANDBOX) {
            return SANDBOX;
        }
        return of(i.kind());
    }

    /** The inventory kind underneath (a sandbox is a microVM in the JSON). */
    public Kind kindOf() {
        return this == SANDBOX ? Kind.MICROVM : Kind.valueOf(name());
    }

    /** The window's kind for an inventory kind (a microVM stays one; sandboxes need the item). */
    public static ShownKind of(Kind k) {
        return switch (k) {
            case HOST -> HOST;
            case NODE -> NODE;
            case POD -> POD;
            case VM -> VM;
            case MICROVM -> MICROVM;
        };
    }
}
