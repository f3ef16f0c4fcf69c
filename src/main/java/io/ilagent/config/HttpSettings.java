package io.ilagent.config;

/** The local HTTP server ({@code -p/--port}, {@code --http_host}); present only when {@code -p} is given. */
public record HttpSettings(String host, int port) {
    public static final String DEFAULT_HOST = "0.0.0.0";
}
