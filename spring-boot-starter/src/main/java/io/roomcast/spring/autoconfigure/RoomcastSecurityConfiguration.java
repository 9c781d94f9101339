package io.roomcast.spring.autoconfigure;

import io.roomcast.spring.SocketPrincipals;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * With Spring Security's resource server and a {@link JwtDecoder} bean: every socket must bring a token the decoder
 * accepts ({@link JwtHandshakeMiddleware}); its {@code Authentication} is made by the application's
 * {@link JwtAuthenticationConverter} bean, else the default one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({JwtDecoder.class, JwtAuthenticationConverter.class})
@ConditionalOnBean(JwtDecoder.class)
class RoomcastSecurityConfiguration {

    @Bean
    JwtHandshakeMiddleware roomcastJwtHandshakeMiddleware(JwtDecoder decoder,
                                                          ObjectProvider<JwtAuthenticationConverter> converter,
                                                          SocketPrincipals principals) {
        return new JwtHandshakeMiddleware(decoder, converter.getIfAvailable(JwtAuthenticationConverter::new),
                principals);
    }
}
