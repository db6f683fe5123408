package com.example.shop.live;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.session.SessionRepository;

import com.example.shop.live.hub.LiveHub;

/**
 * Closes the live connections whose HTTP session ended, every {@code shop.live.session-check}. A
 * live connection is bound to the session it was opened with; when that session is gone from the
 * session store (a logout, an expiry, on any shop of the database, or a login, which gives the
 * session a new id) the connection has no one behind it any more, and a connection opened before
 * a login must not go on as if it had the rights of after. The store is asked (Spring Session's
 * {@link SessionRepository}), since it alone knows of expiries and of other shops' logouts; a
 * session that is there again later makes no difference, the connection is closed once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SessionCheckProperties.class)
class LiveSessionCheck {

    private static final Logger log = LoggerFactory.getLogger(LiveSessionCheck.class);

    @Bean
    SchedulingConfigurer liveSessionChecks(ObjectProvider<LiveHub> hub, SessionRepository<?> sessions,
            SessionCheckProperties properties) {
        Duration interval = properties.sessionCheck();
        return tasks -> tasks.addFixedDelayTask(new FixedDelayTask(() -> hub.ifAvailable(live -> check(live, sessions)),
                interval, interval));
    }

    /** Answers how many connections it closed. */
    static int check(LiveHub hub, SessionRepository<?> sessions) {
        int closed = 0;
        for (String sessionId : hub.sessionIds()) {
            try {
                if (sessions.findById(sessionId) == null) {
                    closed += hub.closeSession(sessionId);
                }
            }
            catch (RuntimeException ex) {
                // The store away: nothing is known to have ended; the next check asks again.
                log.warn("Could not check the sessions of live connections: {}", ex.getMessage());
                break;
            }
        }
        if (closed > 0) {
            log.debug("Closed {} live connections whose session ended", closed);
        }
        return closed;
    }

}
