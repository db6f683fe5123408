package com.example.shop.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

import com.example.shop.web.ClientAddress;
import com.example.shop.web.ClientAddressProperties;
import com.example.shop.web.ProblemResponses;

/**
 * The shop's real HTTP security for slice tests ({@code @WebMvcTest}) of other packages, which
 * cannot name the package-private configurations themselves. Set {@code shop.admin.password}.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ SecurityConfiguration.class, AdminUserConfiguration.class, ProblemResponses.class, ClientAddress.class })
@EnableConfigurationProperties(ClientAddressProperties.class)
public class ShopSecurity {

}
