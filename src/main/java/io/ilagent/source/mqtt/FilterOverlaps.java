package io.ilagent.source.mqtt;

import java.util.ArrayList;
import java.util.List;

/**
 * Pairs of configured topic filters that some topic matches both. Brokers may deliver such a publish
 * once per matching subscription (Mosquitto 2.0 does for MQTT 5 clients, not for 3.1.1 ones), and
 * each copy is then processed, so the daemon warns about them at start-up.
 */
final class FilterOverlaps {
    private FilterOverlaps() {}

    static List<String> in(List<String> filters) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            for (int j = i + 1; j < filters.size(); j++) {
                if (overlap(filters.get(i), filters.get(j))) {
                    pairs.add(filters.get(i) + " and " + filters.get(j));
                }
            }
        }
        return pairs;
    }

    static boolean overlap(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; ; i++) {
            boolean xEnded = i == x.length;
            boolean yEnded = i == y.length;
            if (xEnded || yEnded) {
                // "a/#" also matches "a"
                return xEnded && yEnded || !xEnded && x[i].equals("#") || !yEnded && y[i].equals("#");
            }
            if (x[i].equals("#") || y[i].equals("#")) {
                return true;
            }
            if (!x[i].equals("+") && !y[i].equals("+") && !x[i].equals(y[i])) {
                return false;
            }
        }
    }
}
