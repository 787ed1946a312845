package dev.wharf.libvirt;

import dev.wharf.inventory.Item;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

import java.util.concurrent.CompletableFuture;

/**
 * Blocking libvirt calls run on a source's own worker thread, against its live connection. What a
 * {@link LibvirtConnection} offers its capability classes (consoles, and each new capability: one
 * class each, taking a {@code DomainCalls}), so none of them touches the connection's lifecycle.
 * A {@link LibvirtException} becomes a {@link dev.wharf.inventory.WharfException} whose message is
 * "{@code what} {@code item} failed: " and libvirt's words.
 */
interface DomainCalls {

    /** The source's URI, validated. */
    String uri();

    /** Runs {@code call} on the worker with the item's domain (looked up by UUID, else name; freed after). */
    <T> CompletableFuture<T> onDomain(Item item, String what, DomainCall<T> call);

    /** Runs {@code call} on the worker with the live connection; fails when not connected. */
    <T> CompletableFuture<T> onConnection(String what, ConnectionCall<T> call);

    @FunctionalInterface
    interface DomainCall<T> {
        T apply(Domain d) throws LibvirtException;
    }

    @FunctionalInterface
    interface ConnectionCall<T> {
        T apply(Connect c) throws LibvirtException;
    }
}
