package io.ilagent.bench.camel;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Camel Main (no Spring) running {@link IlertRoute}. Settings come from arguments
 * ({@code --broker tcp://host:1883 --topic t --ilert-url http://host:8080}), else from the environment
 * ({@code MQTT_BROKER_URL}, {@code MQTT_TOPIC}, {@code ILERT_URL}), else the defaults below.
 * Prints {@code camel-mqtt-ilert ready} once the route is started, i.e. once the MQTT subscription is
 * acknowledged: the benchmark waits for that line before it publishes.
 */
public final class MqttToIlert {
    private MqttToIlert() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = settings(args);
        Main main = new Main();
        settings.forEach(main::addInitialProperty);
        main.configure().addRoutesBuilder(new IlertRoute());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                System.out.println("camel-mqtt-ilert ready: " + settings.get("mqtt.broker.url") + " "
                        + settings.get("mqtt.topic") + " -> " + settings.get("ilert.url"));
                System.out.flush();
            }
        });
        main.run();
    }

    static Map<String, String> settings(String[] args) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("mqtt.broker.url", env("MQTT_BROKER_URL", "tcp://127.0.0.1:1883"));
        s.put("mqtt.topic", env("MQTT_TOPIC", "ilert/events"));
        s.put("ilert.url", env("ILERT_URL", "https://api.ilert.com"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            String key = switch (args[i]) {
                case "--broker" -> "mqtt.broker.url";
                case "--topic" -> "mqtt.topic";
                case "--ilert-url" -> "ilert.url";
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --broker, --topic, --ilert-url)");
            };
            s.put(key, args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
        }
        s.put("ilert.url", s.get("ilert.url").replaceAll("/+$", ""));
        return s;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
