package com.example.shop.storefront;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The shop's pages under their plain addresses. The pages are static files: everything they show
 * comes from the REST API and the live topic, so the server renders nothing and there is no
 * template engine to keep safe.
 */
@Configuration(proxyBeanMethods = false)
class StorefrontConfiguration implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/").setViewName("forward:/index.html");
        registry.addViewController("/admin").setViewName("forward:/admin.html");
        registry.addViewController("/login").setViewName("forward:/login.html");
    }

}
