package com.example.shop.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.hibernate.TransactionException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;
import org.springframework.orm.jpa.JpaSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which database errors mean that the connection is gone, so the answer is 503 rather than 500. */
class ConnectionLostTests {

    @Test
    void theServerShuttingDownUnderAStatementIsALostConnection() {
        // What a statement gets when PostgreSQL stops with -m fast, untranslated.
        SQLException shutdown = new SQLException("FATAL: terminating connection due to administrator command", "57P01");
        assertThat(ProblemDetailsAdvice.isConnectionLost(new GenericJDBCException("JDBC exception executing SQL", shutdown)))
            .isTrue();
        assertThat(ProblemDetailsAdvice.isConnectionLost(new SQLException("I/O error", "08006"))).isTrue();
        assertThat(ProblemDetailsAdvice.isConnectionLost(new SQLTransientConnectionException("pool timed out"))).isTrue();
    }

    @Test
    void aRollbackOnAConnectionThePoolClosedIsALostConnection() {
        // The rollback's failure replaces the statement's; the pool's closed connection gives no state.
        JpaSystemException rollback = new JpaSystemException(new TransactionException(
                "Unable to rollback against JDBC Connection", new SQLException("Connection is closed")));
        assertThat(ProblemDetailsAdvice.isConnectionLost(rollback)).isTrue();
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        assertThat(ProblemDetailsAdvice.isConnectionLost(new ConstraintViolationException("duplicate",
                new SQLException("duplicate key", "23505"), "shirt_pkey"))).isFalse();
        assertThat(ProblemDetailsAdvice.isConnectionLost(new JpaSystemException(new TransactionException(
                "Unable to commit against JDBC Connection", new SQLException("could not serialize", "40001")))))
            .isFalse();
        assertThat(ProblemDetailsAdvice.isConnectionLost(new GenericJDBCException("bad", new SQLException("syntax", "42601"))))
            .isFalse();
        assertThat(ProblemDetailsAdvice.isConnectionLost(new IllegalStateException("bug"))).isFalse();
    }

}
