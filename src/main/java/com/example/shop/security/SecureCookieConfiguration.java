package com.example.shop.security;

import java.io.IOException;
import java.nio.charset.Charset;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.CookieProcessor;
import org.apache.tomcat.util.http.MimeHeaders;
import org.apache.tomcat.util.http.ServerCookies;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cookies are {@code Secure} whenever the request came over HTTPS, also behind a TLS-terminating
 * proxy with {@code server.forward-headers-strategy=framework}. There Spring's
 * {@code ForwardedHeaderFilter} shows the application an HTTPS request, but Tomcat writes its
 * session cookie from its own view of the connection, plain HTTP, and so left {@code Secure} off
 * (with {@code native}, Tomcat's own valve changes that view, and this changes nothing). A filter
 * right after the forwarded-header one records what the application sees; Tomcat's cookie
 * processor reads it when it writes any cookie.
 */
@Configuration(proxyBeanMethods = false)
class SecureCookieConfiguration {

    static final String HTTPS = SecureCookieConfiguration.class.getName() + ".https";

    @Bean
    FilterRegistrationBean<HttpsRecorder> httpsRecorder() {
        var registration = new FilterRegistrationBean<>(new HttpsRecorder());
        // Boot registers ForwardedHeaderFilter at the highest precedence: right after it.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> secureCookies() {
        // Context customizers run after Boot has set its own cookie processor (for SameSite): wrap it.
        return factory -> factory.addContextCustomizers(
                context -> context.setCookieProcessor(new SecureOverHttps(context.getCookieProcessor())));
    }

    static final class HttpsRecorder extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.isSecure()) {
                // Set through the wrapper, stored on Tomcat's own request, where the cookie processor looks.
                request.setAttribute(HTTPS, Boolean.TRUE);
            }
            chain.doFilter(request, response);
        }

        @Override
        protected boolean shouldNotFilterAsyncDispatch() {
            return false;
        }

        @Override
        protected boolean shouldNotFilterErrorDispatch() {
            return false;
        }

    }

    static final class SecureOverHttps implements CookieProcessor {

        private final CookieProcessor cookies;

        SecureOverHttps(CookieProcessor cookies) {
            this.cookies = cookies;
        }

        @Override
        public void parseCookieHeader(MimeHeaders headers, ServerCookies serverCookies) {
            cookies.parseCookieHeader(headers, serverCookies);
        }

        @Override
        public String generateHeader(Cookie cookie, @Nullable HttpServletRequest request) {
            if (!cookie.getSecure() && request != null && Boolean.TRUE.equals(request.getAttribute(HTTPS))) {
                Cookie secure = (Cookie) cookie.clone();
                secure.setSecure(true);
                return cookies.generateHeader(secure, request);
            }
            return cookies.generateHeader(cookie, request);
        }

        @Override
        public Charset getCharset() {
            return cookies.getCharset();
        }

    }

}
