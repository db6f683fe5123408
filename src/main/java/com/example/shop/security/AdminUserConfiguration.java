package com.example.shop.security;

import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** The one account of the shop: its admin, who may write. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminProperties.class)
class AdminUserConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AdminUserConfiguration.class);

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService admin(AdminProperties properties, PasswordEncoder encoder) {
        String password = properties.password();
        if (password == null || password.isBlank()) {
            password = generatePassword();
            log.warn("""

                    No shop.admin.password (SHOP_ADMIN_PASSWORD) is set; generated one for this run only.
                    Admin user: {}   password: {}
                    Set SHOP_ADMIN_PASSWORD to choose your own.
                    """, properties.username(), password);
        }
        return new InMemoryUserDetailsManager(
                User.withUsername(properties.username()).password(encoder.encode(password)).roles("ADMIN").build());
    }

    private static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
