package io.ilagent.ilert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** Which HttpClient a call to ilert goes through, and that an http:// one never sets up TLS. */
class HttpClientsTest {
    @Test
    void httpUrlsGetAClientWhoseTlsContextRefusesEveryConnection() {
        try (HttpClients clients = HttpClients.onDemand(Duration.ofSeconds(1))) {
            HttpClient plain = clients.forUri(URI.create("http://127.0.0.1:8080/api/events"));

            assertThat(plain.sslContext().getProtocol()).isEqualTo("none");
            assertThatThrownBy(() -> plain.sslContext().createSSLEngine("api.ilert.com", 443))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("http://");
            assertThat(clients.forUri(URI.create("http://localhost:9/api/pings/x"))).isSameAs(plain);
        }
    }

    @Test
    void httpsUrlsGetAClientWithTheJdksDefaultTlsContext() throws Exception {
        try (HttpClients clients = HttpClients.onDemand(Duration.ofSeconds(1))) {
            HttpClient tls = clients.forUri(URI.create("https://api.ilert.com/api/events"));

            assertThat(tls.sslContext()).isSameAs(SSLContext.getDefault());
            assertThat(clients.forUri(URI.create("http://127.0.0.1:8080/api/events"))).isNotSameAs(tls);
            assertThat(tls.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
            assertThat(tls.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        }
    }

    @Test
    void aGivenClientServesEveryUrl() {
        try (HttpClient given = HttpClient.newHttpClient(); HttpClients clients = HttpClients.of(given)) {
            assertThat(clients.forUri(URI.create("http://127.0.0.1:8080/"))).isSameAs(given);
            assertThat(clients.forUri(URI.create("https://api.ilert.com/"))).isSameAs(given);
        }
    }
}
