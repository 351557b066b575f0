package org.deepzero.zo.cluster;

import java.util.ArrayList;
import java.util.List;
import org.deepzero.common.InputException;

/**
 * The explicit member list a cluster is joined through ({@code host[:port],...}; port 5701 when
 * omitted). Hazelcast's TCP-IP join, multicast off: members are found only at these addresses.
 */
public record JoinList(List<Address> addresses) {
    /** Hazelcast's default member port. */
    public static final int DEFAULT_PORT = 5701;

    /** One {@code host:port}. */
    public record Address(String host, int port) {
        public Address {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("empty host");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " outside 1..65535");
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    public JoinList {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("empty member list");
        }
    }

    /**
     * @param where names the setting in the error message
     * @throws InputException one line naming {@code where} for an empty list, host or bad port
     */
    public static JoinList parse(String text, String where) {
        List<Address> out = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String s = item.strip();
            int colon = s.lastIndexOf(':');
            String host = colon < 0 ? s : s.substring(0, colon);
            int port = DEFAULT_PORT;
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(s.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (host.isBlank() || port < 1 || port > 65535) {
                throw new InputException(where + ": bad member address '" + s + "'; expected host[:port] with port 1..65535");
            }
            out.add(new Address(host, port));
        }
        return new JoinList(out);
    }

    /** True when every address is this machine's loopback (tests, one-machine benchmarks). */
    public boolean loopbackOnly() {
        return addresses.stream().allMatch(a -> a.host().equals("127.0.0.1") || a.host().equals("localhost"));
    }

    @Override
    public String toString() {
        return String.join(",", addresses.stream().map(Address::toString).toList());
    }
}
