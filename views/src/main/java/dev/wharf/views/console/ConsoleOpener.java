package dev.wharf.views.console;

import dev.wharf.inventory.ConsoleRequest;
import dev.wharf.inventory.ConsoleStream;
import dev.wharf.inventory.Item;

import java.util.concurrent.CompletableFuture;

/** Opens a console stream for an item (the app routes it to the item's source). */
@FunctionalInterface
public interface ConsoleOpener {
    CompletableFuture<ConsoleStream> open(Item item, ConsoleRequest request);
}
