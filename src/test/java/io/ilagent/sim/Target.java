package io.ilagent.sim;

import java.util.Locale;

/** Which requests a fault applies to: a method (or any, when null) and a path prefix. */
public record Target(String method, String pathPrefix) {
    public Target {
        method = method == null ? null : method.toUpperCase(Locale.ROOT);
        pathPrefix = pathPrefix == null ? "/" : pathPrefix;
    }

    public static Target any() {
        return new Target(null, "/");
    }

    public static Target path(String pathPrefix) {
        return new Target(null, pathPrefix);
    }

    public static Target of(String method, String pathPrefix) {
        return new Target(method, pathPrefix);
    }

    boolean matches(String requestMethod, String requestPath) {
        return (method == null || method.equals(requestMethod)) && requestPath.startsWith(pathPrefix);
    }
}
