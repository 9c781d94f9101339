package io.roomcast.loadtests.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoomPlanTests {

    @Test
    void shouldSpreadSubscribersEvenlyAndCountPublishersAsMembers() {
        RoomPlan plan = new RoomPlan(10, 3, 2);

        assertThat(plan.subscriberRoom(4)).isEqualTo(1);
        assertThat(plan.publisherRooms(0)).containsExactly(0, 2);
        assertThat(plan.publisherRooms(1)).containsExactly(1);
        // 4/3/3 subscribers, plus one publisher in every room
        assertThat(new int[] {plan.size(0), plan.size(1), plan.size(2)}).containsExactly(5, 4, 4);
    }

    @Test
    void shouldShareRoomsWhenThereAreMorePublishersThanRooms() {
        RoomPlan plan = new RoomPlan(4, 2, 5);

        assertThat(plan.publisherRooms(4)).containsExactly(0);
        assertThat(plan.size(0)).isEqualTo(2 + 3);
        assertThat(plan.size(1)).isEqualTo(2 + 2);
    }
}
