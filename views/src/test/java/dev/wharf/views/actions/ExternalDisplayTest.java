package dev.wharf.views.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.ExternalDisplay;
import dev.wharf.inventory.ExternalViewer;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Source;
import dev.wharf.inventory.WharfException;
import dev.wharf.views.fixtures.Items;
import dev.wharf.views.model.Backend;
import dev.wharf.views.model.InventoryViewModel;
import dev.wharf.views.model.TaskRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** A SPICE display opens in the source's external viewer; a missing viewer is one message. */
class ExternalDisplayTest {
    private final List<String> opened = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private RuntimeException failure;

    private ActionController controller(boolean offersViewer) {
        InventoryViewModel vm = new InventoryViewModel();
        vm.apply(Items.initial());
        ExternalViewer viewer = item -> {
            if (failure != null) {
                throw failure;
            }
            opened.add(item.name() + " " + item.facet(ExternalDisplay.class).orElseThrow().protocol());
        };
        Source source = new Source() {
            @Override
            public String id() {
                return Items.LV;
            }

            @Override
            public void start() {
            }

            @Override
            public CompletableFuture<Void> perform(Item item, Action action) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public <T> Optional<T> capability(Class<T> type) {
                return offersViewer && type == ExternalViewer.class ? Optional.of(type.cast(viewer)) : Optional.empty();
            }

            @Override
            public void close() {
            }
        };
        return new ActionController(vm, Backend.of(List.of(source)), TaskRunner.synchronous(), (i, a, answer) -> { },
                (level, title, message) -> notes.add(level + ": " + title + ": " + message));
    }

    private static Item spiceVm() {
        return Item.builder(Items.LV + "|vm/win11", Items.LV, dev.wharf.inventory.Kind.VM, "win11")
                .state(dev.wharf.inventory.State.RUNNING).facet(new ExternalDisplay("spice")).build();
    }

    @Test
    void theViewerOpensTheItemsDisplay() {
        controller(true).openExternalDisplay(spiceVm());
        assertThat(opened).containsExactly("win11 spice");
        assertThat(notes).isEmpty();
    }

    @Test
    void aMissingViewerIsOneMessageSayingHowToInstallIt() {
        failure = new WharfException("Install virt-viewer (apt install virt-viewer) to open SPICE displays.");
        controller(true).openExternalDisplay(spiceVm());
        assertThat(notes).containsExactly("ERROR: Open the display of win11: "
                + "Install virt-viewer (apt install virt-viewer) to open SPICE displays.");
    }

    @Test
    void aSourceWithoutAViewerSaysSo() {
        controller(false).openExternalDisplay(spiceVm());
        assertThat(opened).isEmpty();
        assertThat(notes).singleElement().asString().contains("cannot open an external viewer");
    }
}
