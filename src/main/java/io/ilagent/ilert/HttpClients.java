package io.ilagent.ilert;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The HttpClients of one {@link IlertClient}: one for {@code https://} URLs with the JDK's TLS context and one for
 * {@code http://} URLs with a context that refuses TLS ({@link PlainHttpOnly}), each built on its first call.
 * Building the JDK's TLS context loads and parses its trusted certificates, which costs a one-shot command about
 * a quarter of its CPU time; with ilert's URLs on {@code http://} (a simulator, a local relay) it is never needed.
 */
final class HttpClients implements AutoCloseable {
    private final Duration connectTimeout;
    private HttpClient plain; // guarded by this
    private HttpClient tls; // guarded by this

    private HttpClients(Duration connectTimeout, HttpClient both) {
        this.connectTimeout = connectTimeout;
        this.plain = both;
        this.tls = both;
    }

    /** HTTP/1.1, no redirects (so an http client never meets an https URL), the given connect timeout. */
    static HttpClients onDemand(Duration connectTimeout) {
        return new HttpClients(connectTimeout, null);
    }

    /** The one client given, for every URL. */
    static HttpClients of(HttpClient client) {
        return new HttpClients(null, client);
    }

    synchronized HttpClient forUri(URI uri) {
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            if (plain == null) {
                plain = builder().sslContext(PlainHttpOnly.tlsRefused()).build();
            }
            return plain;
        }
        if (tls == null) {
            tls = builder().build();
        }
        return tls;
    }

    private HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout);
    }

    /** Stops the clients' selector threads (see {@link IlertClient#close()}). */
    @Override
    public synchronized void close() {
        if (plain != null) {
            plain.close();
        }
        if (tls != null && tls != plain) {
            tls.close();
        }
    }
}
