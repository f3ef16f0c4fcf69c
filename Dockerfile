# ilagent for Java.
# Build: docker build --build-arg ILAGENT_COMMIT=$(git rev-parse --short HEAD) -t ilagent .
# Run:   docker run --rm -p 8977:8977 -v ilagent-data:/var/lib/ilagent ilagent daemon -p 8977 ...
# The build stage runs the Maven wrapper; the image holds only a JRE 21, the jar and the launcher (bin/ilagent,
# with the JVM options of docs/operations.md "Footprint").
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -q -B -ntp dependency:go-offline
COPY src src
# .git is not in the build context, so the commit that `ilagent --version` shows comes in as an argument.
ARG ILAGENT_COMMIT=unknown
RUN ./mvnw -q -B -ntp -DskipTests -Dgit.commit.id.abbrev="$ILAGENT_COMMIT" package

FROM eclipse-temurin:21-jre
# The healthcheck below needs curl; newer Temurin images no longer ship it.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN groupadd --system ilagent && useradd --system --gid ilagent --home-dir /var/lib/ilagent --create-home ilagent \
    && mkdir -p /var/cache/ilagent && chown ilagent:ilagent /var/cache/ilagent
COPY bin/ilagent bin/find-java /opt/ilagent/bin/
COPY --from=build /src/target/ilagent.jar /opt/ilagent/target/ilagent.jar
USER ilagent
WORKDIR /var/lib/ilagent
VOLUME /var/lib/ilagent
# The launcher keeps its class-data archives here (the image's /opt is not the agent's to write).
ENV ILAGENT_CACHE_DIR=/var/cache/ilagent
EXPOSE 8977
# /health answers only when the daemon runs with -p 8977 (the HTTP server); other setups can override it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD curl -fsS http://127.0.0.1:8977/health || exit 1
ENTRYPOINT ["/opt/ilagent/bin/ilagent", "-f", "/var/lib/ilagent/ilagent.db3"]
CMD ["daemon", "-p", "8977"]
