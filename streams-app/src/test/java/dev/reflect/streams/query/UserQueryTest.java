package dev.reflect.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UserQueryTest {

    @Test
    void pathAsksTheSameQuestionOfAnotherInstance() {
        assertThat(UserQuery.progress("u-123", 7).path()).isEqualTo("/v1/users/u-123/progress?days=7");
        assertThat(UserQuery.escalation("u-123").path()).isEqualTo("/v1/users/u-123/escalation");
    }

    @Test
    void userIdIsEncodedAsOnePathSegment() {
        assertThat(UserQuery.escalation("a b/c?d+é").path()).isEqualTo("/v1/users/a%20b%2Fc%3Fd%2B%C3%A9/escalation");
    }

    @Test
    void progressDaysMustBeInRange() {
        assertThatThrownBy(() -> UserQuery.progress("u", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserQuery.progress("u", 91)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringLeavesTheUserOut() {
        assertThat(UserQuery.progress("u-secret", 28).toString()).doesNotContain("u-secret");
    }
}
