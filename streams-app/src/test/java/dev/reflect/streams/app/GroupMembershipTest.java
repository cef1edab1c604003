package dev.reflect.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupMembershipTest {

    private static final String THREAD_1 = "app-0f1e-StreamThread-1-consumer";
    private static final String THREAD_2 = "app-0f1e-StreamThread-2-consumer";

    @Test
    void theGroupConfirmsAnInstanceOnlyWhenItListsEveryOneOfItsStreamThreads() {
        assertThat(GroupMembership.lists(Set.of(THREAD_1, THREAD_2, "other-instance"), List.of(THREAD_1, THREAD_2)))
                .isTrue();
        // Evicted after a split: the group lists only the other instance.
        assertThat(GroupMembership.lists(Set.of("other-instance"), List.of(THREAD_1, THREAD_2)))
                .isFalse();
        // A replaced thread not yet rejoined.
        assertThat(GroupMembership.lists(Set.of(THREAD_1), List.of(THREAD_1, THREAD_2)))
                .isFalse();
        // No stream thread at all confirms nothing.
        assertThat(GroupMembership.lists(Set.of(THREAD_1), List.of())).isFalse();
    }

    @Test
    void neverConfirmedIsNotConfirmed() {
        GroupMembership membership = new GroupMembership("app", List::of, () -> 0L);

        assertThat(membership.confirmed()).isFalse();
    }
}
