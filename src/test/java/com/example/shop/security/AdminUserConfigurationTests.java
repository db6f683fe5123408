package com.example.shop.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin account: configurable, and never a fixed default password. */
@ExtendWith(OutputCaptureExtension.class)
class AdminUserConfigurationTests {

    private static final Pattern LOGGED_PASSWORD = Pattern.compile("Admin user: (\\S+)\\s+password: (\\S+)");

    // Contexts of the admin user's configuration alone, one per test: the password setting is what varies.
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withUserConfiguration(AdminUserConfiguration.class);

    @Test
    void withoutAPasswordARandomOneIsGeneratedAndLogged(CapturedOutput output) {
        runner.run(context -> {
            String password = loggedPassword(output.getOut(), 0);
            UserDetails admin = context.getBean(UserDetailsService.class).loadUserByUsername("admin");
            PasswordEncoder encoder = context.getBean(PasswordEncoder.class);
            assertThat(encoder.matches(password, admin.getPassword())).isTrue();
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            for (String guess : new String[] { "", "admin", "password", "shop" }) {
                assertThat(encoder.matches(guess, admin.getPassword())).isFalse();
            }
            assertThat(admin.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_ADMIN");
        });
        runner.withPropertyValues("shop.admin.password= ").run(context -> {
            // A blank password is no password: a second run generates another one.
            assertThat(loggedPassword(output.getOut(), 1)).isNotEqualTo(loggedPassword(output.getOut(), 0));
        });
    }

    @Test
    void theConfiguredUserAndPasswordAreUsedAndNothingIsLogged(CapturedOutput output) {
        runner.withPropertyValues("shop.admin.username=boss", "shop.admin.password=s3cret").run(context -> {
            UserDetails boss = context.getBean(UserDetailsService.class).loadUserByUsername("boss");
            assertThat(context.getBean(PasswordEncoder.class).matches("s3cret", boss.getPassword())).isTrue();
            // Stored hashed, never as the plain text.
            assertThat(boss.getPassword()).doesNotContain("s3cret");
        });
        assertThat(output.getOut()).doesNotContain("s3cret").doesNotContain("generated");
    }

    private static String loggedPassword(String log, int index) {
        Matcher matcher = LOGGED_PASSWORD.matcher(log);
        for (int i = 0; i <= index; i++) {
            assertThat(matcher.find()).as("password number " + i + " logged in:\n" + log).isTrue();
        }
        assertThat(matcher.group(1)).isEqualTo("admin");
        return matcher.group(2);
    }

}
