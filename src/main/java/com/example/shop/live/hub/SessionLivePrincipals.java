package com.example.shop.live.hub;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * The principal of a live connection from its HTTP session, never creating one: the shopper is
 * the session's cart id, the admin a session logged in with the role {@code ADMIN}.
 */
public final class SessionLivePrincipals implements LivePrincipals {

    /**
     * The session attribute with the shopper's id: {@code com.example.shop.cart.Carts.SESSION_ATTRIBUTE},
     * spelled out rather than imported, since the cart module publishes to the live channels and
     * must not be depended on back (a test keeps the two equal).
     */
    public static final String SHOPPER_ATTRIBUTE = "shop.cart";

    static final String ADMIN_AUTHORITY = "ROLE_ADMIN";

    @Override
    public LivePrincipal of(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return LivePrincipal.ANONYMOUS;
        }
        try {
            Object shopper = session.getAttribute(SHOPPER_ATTRIBUTE);
            return new LivePrincipal(shopper instanceof String id ? id : null, isAdmin(
                    session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)), session.getId());
        }
        catch (IllegalStateException ex) {
            // Invalidated meanwhile (a logout): no session.
            return LivePrincipal.ANONYMOUS;
        }
    }

    private static boolean isAdmin(@Nullable Object context) {
        if (!(context instanceof SecurityContext security)) {
            return false;
        }
        Authentication authentication = security.getAuthentication();
        return authentication != null && authentication.isAuthenticated()
                && authentication.getAuthorities().stream().anyMatch(granted -> ADMIN_AUTHORITY.equals(granted.getAuthority()));
    }

}
