package io.ilagent.runtime;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;

/**
 * Wraps the real encoder (text pattern or JSON) and masks secrets in what it wrote. Working on the
 * finished line catches a secret wherever it ended up: message, arguments, exception text or stack.
 */
final class RedactingEncoder extends EncoderBase<ILoggingEvent> {
    private final Encoder<ILoggingEvent> delegate;
    private final Redactor redactor;

    RedactingEncoder(Encoder<ILoggingEvent> delegate, Redactor redactor) {
        this.delegate = delegate;
        this.redactor = redactor;
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] bytes = delegate.encode(event);
        return bytes == null ? null
                : redactor.redact(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }

    @Override
    public void start() {
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        delegate.stop();
        super.stop();
    }
}
