package io.ilagent.ilert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When ilert gives no answer, the reason names where it was looked for and why it was not reached. */
class UnreachableIlertTest {
    private static final String KEY = "il1api-secret-integration-key";

    private static String reason(String base, Duration requestTimeout) {
        URI uri = URI.create(base);
        IlertEndpoints endpoints = new IlertEndpoints(uri, uri, Duration.ofSeconds(2), requestTimeout);
        try (IlertClient client = IlertClient.create(endpoints, Optional.empty(), "test")) {
            Outcome<Void> outcome = client.sendEvent(new Event(KEY, EventType.ALERT, "down", null, null, null, null, null,
                    null), EventChannel.API);
            assertThat(outcome).isInstanceOf(Outcome.RetryLater.class);
            return ((Outcome.RetryLater<Void>) outcome).reason();
        }
    }

    private static String reason(String base) {
        return reason(base, Duration.ofSeconds(5));
    }

    @Test
    void aClosedPortIsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        assertThat(reason("http://127.0.0.1:" + port))
                .isEqualTo("event: cannot reach ilert at http://127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void aNameThatDoesNotResolveIsAnUnknownHost() {
        assertThat(reason("https://ilert.invalid")).isEqualTo("event: cannot reach ilert at https://ilert.invalid: unknown host");
    }

    @Test
    void aServerThatSpeaksNoTlsIsATlsFailure() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> answerInPlainText(plain));
            String base = "https://127.0.0.1:" + plain.getLocalPort();
            assertThat(reason(base)).startsWith("event: cannot reach ilert at " + base + ": TLS failed: ")
                    .doesNotContain("Exception");
        }
    }

    private static void answerInPlainText(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes());
        } catch (IOException closed) {
            // the test is over
        }
    }

    @Test
    void aServerThatNeverAnswersIsARequestTimeoutAndThePathWithTheKeyIsNotNamed() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String reason = reason("http://127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(300));
            assertThat(reason).isEqualTo("event: cannot reach ilert at http://127.0.0.1:" + silent.getLocalPort()
                    + ": no answer within the request timeout").doesNotContain(KEY);
        }
    }
}
