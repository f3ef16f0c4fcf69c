package io.ilagent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ilagent.sim.IlertSimulatorExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A client that stalls half-way through its request is cut off, and does not hold up anyone else. */
class SlowHttpClientIT {
    private static final String EVENT = "{\"integrationKey\":\"il1api-it\",\"eventType\":\"ALERT\",\"summary\":\"s\"}";

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    @TempDir
    Path dir;

    @Test
    void aStalledRequestIsClosedByTheServerWhileOtherRequestsAreServed() throws Exception {
        int port = Agent.freePort();
        try (AgentProcess agent = Agent.daemon(dir, ilert.sim(), Map.of(), "-p", String.valueOf(port))) {
            Agent.awaitReady(port, agent);
            Socket stalled = new Socket("127.0.0.1", port);
            OutputStream out = stalled.getOutputStream();
            out.write(("POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 500\r\n\r\n{\"integrationKey\"").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            assertThat(Agent.postEvent(port, EVENT).statusCode()).isEqualTo(202);

            stalled.setSoTimeout(200);
            InputStream in = stalled.getInputStream();
            // The daemon's bound is 30 s (SlowClientTimeouts); the JDK checks it about once a second.
            await().atMost(Duration.ofSeconds(45)).until(() -> closedByServer(in));
            stalled.close();
        }
    }

    private static boolean closedByServer(InputStream in) throws Exception {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }
}
