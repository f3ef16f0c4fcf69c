# ilagent for Java. Build: docker build -t ilagent . ; run: docker run --rm -p 8977:8977 ilagent daemon -p 8977
# The build stage runs the Maven wrapper; the image itself holds only a JRE 21 and the jar.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -q -B -ntp dependency:go-offline
COPY src src
RUN ./mvnw -q -B -ntp -DskipTests package

FROM eclipse-temurin:21-jre
# The healthcheck below needs curl; newer Temurin images no longer ship it.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN groupadd --system ilagent && useradd --system --gid ilagent --home-dir /var/lib/ilagent --create-home ilagent
COPY --from=build /src/target/ilagent.jar /opt/ilagent/ilagent.jar
USER ilagent
WORKDIR /var/lib/ilagent
VOLUME /var/lib/ilagent
EXPOSE 8977
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xshare:auto -Dio.netty.noUnsafe=true"
# /health answers only when the daemon runs with -p 8977 (the HTTP server); other setups can override it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD curl -fsS http://127.0.0.1:8977/health || exit 1
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/opt/ilagent/ilagent.jar", "-f", "/var/lib/ilagent/ilagent.db3"]
CMD ["daemon", "-p", "8977"]
