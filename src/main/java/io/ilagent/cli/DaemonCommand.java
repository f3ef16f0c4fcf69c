package io.ilagent.cli;

import io.ilagent.config.AgentConfig;
import io.ilagent.config.ConfigValidator;
import io.ilagent.config.HttpSettings;
import io.ilagent.config.KafkaSettings;
import io.ilagent.config.MqttSettings;
import io.ilagent.ilert.ApiKey;
import io.ilagent.runtime.Daemon;
import io.ilagent.runtime.LogFormat;
import io.ilagent.runtime.LogLevels;
import io.ilagent.runtime.Redactor;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "daemon", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class, sortOptions = false,
        description = {"Run the agent: any mix of the local HTTP proxy (-p), its own heartbeat (-b), "
                + "an MQTT consumer (-m) and a Kafka consumer (--kafka_brokers).",
                "Exit codes: 0 after a graceful stop, 1 when a part of the daemon failed or the database file "
                + "cannot be used (another daemon holds it, not SQLite, damaged, from a newer ilagent), 2 bad flags."})
public final class DaemonCommand implements Callable<Integer> {
    private final Environment env;

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--port"}, paramLabel = "HTTP_PORT", description = "Start the local HTTP server on this port.")
    Integer port;

    @Option(names = "--http_host", paramLabel = "HTTP_HOST", defaultValue = HttpSettings.DEFAULT_HOST,
            description = "Address the HTTP server binds to (default: ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = {"-b", "--heartbeat"}, paramLabel = "KEY",
            description = "Heartbeat integration key to ping at start and every 30 seconds.")
    String heartbeatKey;

    @Option(names = "--log_format", paramLabel = "FORMAT", defaultValue = "text", converter = LogFormatConverter.class,
            description = "Log lines on stderr as 'text' or 'json' (one JSON object per line, for log shippers; "
                    + "default: ${DEFAULT-VALUE}). Secrets are masked in both.")
    LogFormat logFormat;

    @Mixin
    MqttOptions mqtt = new MqttOptions();

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Mixin
    ConsumerOptions consumer = new ConsumerOptions();

    @Mixin
    PolicyOptions policy = new PolicyOptions();

    @Mixin
    DeliveryOptions delivery = new DeliveryOptions();

    @Mixin
    RetentionOptions retention = new RetentionOptions();

    @Mixin
    IlertOptions ilert = new IlertOptions();

    public DaemonCommand(Environment env) {
        this.env = env;
    }

    /** The validated configuration; throws {@link UsageError} naming every flag that is wrong. */
    public AgentConfig config() {
        Optional<String> rawKey = env.get(Environment.API_KEY);
        AgentConfig config = new AgentConfig(
                ((IlagentCommand) spec.root().userObject()).databaseFile(),
                Optional.ofNullable(port).map(p -> new HttpSettings(httpHost, p)),
                Optional.ofNullable(heartbeatKey),
                mqtt.settings(),
                kafka.settings(mqtt.maxPayloadBytes),
                consumer.topics(),
                consumer.mapping(),
                consumer.filter(),
                policy.settings(),
                delivery.settings(),
                retention.settings(),
                ilert.endpoints(env),
                rawKey.flatMap(ApiKey::fromEnv));
        ConfigValidator.Result result = new ConfigValidator().validate(config);
        if (!result.ok()) {
            throw new UsageError(result.errors());
        }
        PrintWriter err = spec.commandLine().getErr();
        result.warnings().forEach(w -> err.println(spec.qualifiedName() + ": warning: " + w));
        if (rawKey.filter(ApiKey::hasBearerPrefix).isPresent()) {
            err.println(spec.qualifiedName() + ": warning: stripping the unnecessary 'Bearer ' prefix from ILERT_API_KEY");
        }
        err.flush();
        return config;
    }

    /** What the log output must never show, as configured. */
    private static final java.util.regex.Pattern JAAS_PASSWORD = java.util.regex.Pattern.compile("password=\"([^\"]+)\"");

    private static List<String> secrets(AgentConfig config) {
        List<String> secrets = new ArrayList<>();
        config.apiKey().ifPresent(key -> secrets.add(key.revealForRedaction()));
        config.mqtt().flatMap(MqttSettings::password).ifPresent(p -> secrets.add(p.reveal()));
        // Kafka client secrets (SASL JAAS config, key and trust store passwords), whole values and any
        // password="..." inside a JAAS line, so a client library echoing them is masked too.
        config.kafka().ifPresent(kafka -> kafka.clientProperties().forEach((key, value) -> {
            if (KafkaSettings.isSecret(key) && !value.isBlank()) {
                secrets.add(value);
                JAAS_PASSWORD.matcher(value).results().forEach(m -> secrets.add(m.group(1)));
            }
        }));
        return secrets;
    }

    static final class LogFormatConverter implements ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            try {
                return LogFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        AgentConfig config = config();
        LogLevels.apply(OneShot.verbosity(spec), logFormat, new Redactor(secrets(config)));
        return new Daemon(config, new VersionInfo().version(), Clock.systemUTC()).run();
    }
}
