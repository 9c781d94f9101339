package io.roomcast.node.limits;

import io.roomcast.socketio.limits.RateLimit;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** One budget per user on a fake clock; sockets are stood in for by their user names. */
class LocalUserBudgetsTests {

    private final AtomicLong now = new AtomicLong();

    @Test
    void shouldShareOneBudgetAmongTheConnectionsOfAUserAndKeepOthersApart() {
        LocalUserBudgets budgets = new LocalUserBudgets(RateLimit.parse("3/1s"), socket -> null, now::get);
        UserEntriesProbe alice = new UserEntriesProbe(budgets, "alice");
        UserEntriesProbe bob = new UserEntriesProbe(budgets, "bob");

        assertThat(alice.take(2)).isEqualTo(2); // tab 1
        assertThat(alice.take(5)).isEqualTo(1); // tab 2: what is left
        assertThat(bob.take(5)).isEqualTo(3);

        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(alice.take(5)).isEqualTo(3);
    }

    @Test
    void shouldLetSocketsWithoutAUserThrough() {
        LocalUserBudgets budgets = new LocalUserBudgets(RateLimit.parse("1/1h"), socket -> null, now::get);
        for (int i = 0; i < 10; i++) {
            assertThat(budgets.tryAcquire(null)).isTrue();
        }
        assertThat(budgets.users()).isZero();
    }

    @Test
    void shouldForgetUsersWhoHaveBeenIdleForAPeriod() {
        LocalUserBudgets budgets = new LocalUserBudgets(RateLimit.parse("1/1s"), socket -> null, now::get);
        for (int i = 0; i < 1024; i++) {
            new UserEntriesProbe(budgets, "user-" + i).take(1);
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));

        new UserEntriesProbe(budgets, "late").take(1);

        assertThat(budgets.users()).isEqualTo(1);
    }

    /** Takes events for one user name through the budgets' user lookup. */
    private record UserEntriesProbe(LocalUserBudgets budgets, String user) {
        int take(int attempts) {
            int granted = 0;
            for (int i = 0; i < attempts; i++) {
                if (budgets.tryAcquireFor(user)) {
                    granted++;
                }
            }
            return granted;
        }
    }
}
