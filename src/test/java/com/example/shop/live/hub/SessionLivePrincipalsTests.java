package com.example.shop.live.hub;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

import com.example.shop.cart.Carts;

import static org.assertj.core.api.Assertions.assertThat;

class SessionLivePrincipalsTests {

    private final SessionLivePrincipals principals = new SessionLivePrincipals();

    @Test
    void theShopperIsTheCartOfTheSession() {
        assertThat(SessionLivePrincipals.SHOPPER_ATTRIBUTE).isEqualTo(Carts.SESSION_ATTRIBUTE);
        MockHttpServletRequest request = new MockHttpServletRequest();
        MockHttpSession session = new MockHttpSession(null, "s-1");
        session.setAttribute(Carts.SESSION_ATTRIBUTE, "cart-7");
        request.setSession(session);
        assertThat(principals.of(request)).isEqualTo(new LivePrincipal("cart-7", false, "s-1"));
    }

    @Test
    void noSessionIsAnonymousAndNoneIsCreated() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        assertThat(principals.of(request)).isEqualTo(LivePrincipal.ANONYMOUS);
        assertThat(request.getSession(false)).isNull();
    }

    @Test
    void theAdminIsASessionLoggedInWithTheRoleAdmin() {
        assertThat(principals.of(loggedIn("ROLE_ADMIN", true)).admin()).isTrue();
        assertThat(principals.of(loggedIn("ROLE_USER", true)).admin()).isFalse();
        assertThat(principals.of(loggedIn("ROLE_ADMIN", false)).admin()).isFalse();
    }

    private static MockHttpServletRequest loggedIn(String role, boolean authenticated) {
        TestingAuthenticationToken token = new TestingAuthenticationToken("admin", "secret",
                List.copyOf(AuthorityUtils.createAuthorityList(role)));
        token.setAuthenticated(authenticated);
        MockHttpSession session = new MockHttpSession();
        session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, new SecurityContextImpl(token));
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setSession(session);
        return request;
    }

}
