package dev.wharf.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ItemTest {

    @Test
    void itemsAreImmutableCopies() {
        EnumSet<Action> actions = EnumSet.of(Action.START);
        Item i = Item.builder("id", "src", Kind.VM, "db").actions(actions).property("vCPUs", 2).build();
        actions.add(Action.DELETE);
        assertThat(i.actions()).containsExactly(Action.START);
        assertThatThrownBy(() -> i.actions().add(Action.STOP)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> i.properties().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    record Tag(String value) { }

    record Other(int n) { }

    @Test
    void facetsAreTypedOnePerTypeAndSurviveCopies() {
        Item i = Item.builder("id", "src", Kind.POD, "web").facet(new Tag("a")).facet(new Tag("b")).build();
        assertThat(i.facet(Tag.class)).contains(new Tag("b"));
        assertThat(i.facet(Other.class)).isEmpty();
        Item copy = i.toBuilder().facet(new Other(3)).build();
        assertThat(copy.facet(Tag.class)).contains(new Tag("b"));
        assertThat(copy.facet(Other.class)).contains(new Other(3));
        assertThat(i.facet(Other.class)).isEmpty();
        assertThat(copy.toBuilder().withoutFacet(Tag.class).build().facet(Tag.class)).isEmpty();
        assertThat(i.withStale(true)).isNotEqualTo(i).extracting(x -> x.facet(Tag.class).orElseThrow()).isEqualTo(new Tag("b"));
    }

    @Test
    void uuidsAreComparedLowerCase() {
        Item i = Item.builder("id", "src", Kind.NODE, "n").uuid("ABCDEF00-0000-0000-0000-000000000001").build();
        assertThat(i.uuid()).isEqualTo("abcdef00-0000-0000-0000-000000000001");
    }

    @Test
    void ownedItemsAreHiddenFromDefaultListings() {
        Item launcher = Item.builder("p", "src", Kind.POD, "virt-launcher-db-x1").owner("vm").build();
        Item plain = Item.builder("q", "src", Kind.POD, "web").build();
        assertThat(launcher.listedByDefault()).isFalse();
        assertThat(plain.listedByDefault()).isTrue();
    }

    @Test
    void actionWireNamesRoundTripAndUnknownNamesListTheValidOnes() {
        for (Action a : Action.values()) {
            assertThat(Action.fromWire(a.wire())).isEqualTo(a);
        }
        assertThat(Action.FORCE_OFF.wire()).isEqualTo("force-off");
        assertThat(Action.fromWire("Force-Off")).isEqualTo(Action.FORCE_OFF);
        assertThatThrownBy(() -> Action.fromWire("explode"))
                .hasMessageContaining("unknown action 'explode'").hasMessageContaining("force-off");
    }

    @Test
    void destructiveActionsAreTheOnesThatLoseState() {
        assertThat(EnumSet.allOf(Action.class).stream().filter(Action::destructive))
                .containsExactlyInAnyOrderElementsOf(Set.of(Action.STOP, Action.RESTART, Action.DELETE, Action.FORCE_OFF,
                        Action.DRAIN, Action.RESTART_WORKLOAD));
    }

    @Test
    void userMessageFindsTheWharfExceptionInsideWrappers() {
        Exception wrapped = new java.util.concurrent.CompletionException(
                new WharfException("VM is already running: stop it first"));
        assertThat(WharfException.userMessage(wrapped)).isEqualTo("VM is already running: stop it first");
        assertThat(WharfException.userMessage(new RuntimeException(new java.io.IOException("Connection refused"))))
                .isEqualTo("Connection refused");
    }
}
