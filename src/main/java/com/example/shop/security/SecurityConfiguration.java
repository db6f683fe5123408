package com.example.shop.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import com.example.shop.web.ClientAddress;
import com.example.shop.web.ProblemResponses;
import com.example.shop.web.Problems;

import com.github.benmanes.caffeine.cache.Ticker;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

/**
 * HTTP security. Reads of the catalog, the storefront, the API documents and the WebSocket
 * handshake are public; writes to {@code /shirts}, the admin page and actuator endpoints other than
 * health need the admin. Errors are problem JSON, like every other error of the API.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    /**
     * Where our pages may load from: only this origin. No inline script at all, so a value that
     * slipped into the page as markup still could not run.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /**
     * The admin page under every name it is served by: the address people use, and the static file
     * behind it, which would otherwise be public like every other static file.
     */
    private static final String[] ADMIN_PAGES = { "/admin", "/admin/**", "/admin.html" };

    @Bean
    FailedLogins failedLogins(AdminProperties properties, ClientAddress clientAddress) {
        return new FailedLogins(properties, clientAddress, Ticker.systemTicker());
    }

    @Bean
    SecurityFilterChain shop(HttpSecurity http, ProblemResponses problems, FailedLogins failedLogins) throws Exception {
        var apiEntryPoint = new ProblemAuthenticationEntryPoint(problems);
        // Before the filters that check a password: a locked-out address gets no bcrypt check.
        http.addFilterBefore(new LoginLockoutFilter(failedLogins, problems), UsernamePasswordAuthenticationFilter.class);
        http.authorizeHttpRequests(requests -> requests
                // OPTIONS only says which methods a resource allows (Allow header); it changes nothing.
                // First, so that the rules for writes to /shirts below do not catch it.
                .requestMatchers(HttpMethod.OPTIONS, "/**").permitAll()
                // A shirt's stock (units on hand, held) is the admin's; its availability is public.
                .requestMatchers("/shirts/*/stock").hasRole("ADMIN")
                .requestMatchers(HttpMethod.GET, "/shirts", "/shirts/**").permitAll()
                .requestMatchers(HttpMethod.HEAD, "/shirts", "/shirts/**").permitAll()
                .requestMatchers("/shirts", "/shirts/**").hasRole("ADMIN")
                // Shoppers need no account: a cart is their session, and so are the orders they place.
                // Who may read which order, the order controller decides.
                .requestMatchers("/cart", "/cart/**").permitAll()
                .requestMatchers(HttpMethod.POST, "/orders").permitAll()
                .requestMatchers(HttpMethod.PATCH, "/orders/**").hasRole("ADMIN")
                .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                .requestMatchers("/actuator/**").hasRole("ADMIN")
                .requestMatchers(ADMIN_PAGES).hasRole("ADMIN")
                .requestMatchers(HttpMethod.GET, "/**").permitAll()
                .requestMatchers(HttpMethod.HEAD, "/**").permitAll()
                .anyRequest().authenticated())
            .httpBasic(basic -> basic.realmName("shop").authenticationEntryPoint(apiEntryPoint))
            .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/admin", true).permitAll()
                .failureHandler((request, response, ex) -> problems.write(request, response, Problems.of(
                        HttpStatus.UNAUTHORIZED, "Login failed", "Wrong user name or password."))))
            .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/"))
            .exceptionHandling(exceptions -> exceptions
                .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), SecurityConfiguration::isAdminPage)
                .defaultAuthenticationEntryPointFor(apiEntryPoint, request -> true)
                .accessDeniedHandler((request, response, ex) -> problems.write(request, response,
                        ex instanceof CsrfException
                                ? Problems.of(HttpStatus.FORBIDDEN, "CSRF token missing or invalid",
                                        "A browser request that changes data needs the X-XSRF-TOKEN header with the value of the XSRF-TOKEN cookie.")
                                : Problems.of(HttpStatus.FORBIDDEN, "Forbidden", "You may not do this."))))
            .csrf(csrf -> csrf.spa().ignoringRequestMatchers(SecurityConfiguration::notFromABrowser))
            .headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    private static boolean isAdminPage(HttpServletRequest request) {
        for (String page : ADMIN_PAGES) {
            if (pathPattern(page).matches(request)) {
                return true;
            }
        }
        return false;
    }

    /**
     * CSRF abuses credentials a browser adds by itself (the session cookie, remembered Basic
     * credentials). A request without cookies, without an Origin and without the Sec-Fetch-Site
     * header every current browser sends did not come from a browser page (curl, scripts), so
     * nothing ambient can be abused and the token would only get in the way.
     */
    static boolean notFromABrowser(HttpServletRequest request) {
        return request.getHeader(HttpHeaders.COOKIE) == null && request.getHeader(HttpHeaders.ORIGIN) == null
                && request.getHeader("Sec-Fetch-Site") == null;
    }

}
