package io.ilagent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** Version and commit, filled in by the build into ilagent-version.properties. */
public final class VersionInfo implements CommandLine.IVersionProvider {
    private final String version;
    private final String commit;

    public VersionInfo() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("/ilagent-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        version = p.getProperty("version", "dev");
        String c = p.getProperty("commit", "");
        commit = c.isBlank() || c.startsWith("${") ? "unknown" : c;
    }

    public String version() {
        return version;
    }

    public String commit() {
        return commit;
    }

    /** The User-Agent the agent sends to ilert. */
    public String userAgent() {
        return "ilagent/" + version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"ilagent " + version + " (commit " + commit + ")"};
    }
}
