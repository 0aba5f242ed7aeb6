package dev.culprit.store;

import dev.culprit.common.BadInputException;
import dev.culprit.common.InfraException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the PostgreSQL store does without a server: parse its URL, fail to connect in one line. */
class PostgresUrlTest {
    @Test
    void urlParsing() {
        PostgresStore.Target t = PostgresStore.parse("postgresql://bob:p%40ss@db.example:6543/jobs?sslmode=require");
        assertThat(t.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/jobs?sslmode=require");
        assertThat(t.properties().getProperty("user")).isEqualTo("bob");
        assertThat(t.properties().getProperty("password")).isEqualTo("p@ss");
        assertThat(t.display()).isEqualTo("postgresql://bob@db.example:6543/jobs");
        assertThat(PostgresStore.parse("postgres://h/d").jdbcUrl()).isEqualTo("jdbc:postgresql://h/d");
        assertThatThrownBy(() -> PostgresStore.parse("postgresql://host")).isInstanceOf(BadInputException.class);
    }

    @Test
    void anUnreachableServerIsAOneLineError() {
        // Port 1 on loopback: nothing listens there.
        assertThatThrownBy(() -> PostgresStore.open("postgresql://u:p@127.0.0.1:1/db"))
                .isInstanceOf(InfraException.class)
                .hasMessageStartingWith("cannot connect to the journal postgresql://u@127.0.0.1:1/db")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(":p@"));
    }
}
