package com.example.shop.web;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
class WebConfiguration {

    @Bean
    ProblemErrorReports problemErrorReports(JsonMapper json) {
        return new ProblemErrorReports(json);
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
            ApiProperties properties, ProblemResponses problems) {
        var registration = new FilterRegistrationBean<>(
                new RequestSizeLimitFilter(properties.maxRequestSize().toBytes(), problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    FilterRegistrationBean<DatabaseUnavailableFilter> databaseUnavailableFilter(ProblemResponses problems,
            LogProperties log) {
        var registration = new FilterRegistrationBean<>(new DatabaseUnavailableFilter(problems, log));
        // Around the session store's filter (Spring Session's runs at HIGHEST_PRECEDENCE + 50).
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 22);
        return registration;
    }

    @Bean
    FilterRegistrationBean<MalformedAcceptFilter> malformedAcceptFilter() {
        var registration = new FilterRegistrationBean<>(new MalformedAcceptFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 21);
        return registration;
    }

    /**
     * Puts {@link ProblemErrorReportValve} in place of the HTML error page Tomcat's host would
     * write, which Spring Boot installs as an {@link ErrorReportValve} of its own: last of the
     * customizers, so that Boot's valve is there to be replaced, and named as the host's error
     * valve, so that the host does not add its default one when it starts.
     */
    static final class ProblemErrorReports implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        private final JsonMapper json;

        ProblemErrorReports(JsonMapper json) {
            this.json = json;
        }

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Pipeline pipeline = context.getParent().getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        pipeline.removeValve(valve);
                    }
                }
                pipeline.addValve(new ProblemErrorReportValve(json));
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

    }

}
