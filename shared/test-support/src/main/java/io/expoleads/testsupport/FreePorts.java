package io.expoleads.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test starts later, in another process or after a restart: chosen between
 * 20000 and 32000, below Linux's ephemeral range (32768-60999). A port the system hands out with
 * {@code new ServerSocket(0)} is in that range, and between the test's choice and the child
 * process's bind, seconds later, an outgoing connection of any process may be given it: the
 * child then fails with "Port ... was already in use" (seen in a full run, lead-service of
 * LocalStackIT). No port is handed out twice in one JVM.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_000;
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** One free port, never given before in this JVM. */
    public static int next() {
        return range(1);
    }

    /** The first of {@code count} consecutive free ports, none given before in this JVM. */
    public static int range(int count) {
        for (int tries = 0; tries < 1_000; tries++) {
            int first = LOWEST + ThreadLocalRandom.current().nextInt(HIGHEST - LOWEST - count);
            if (allFree(first, count)) {
                boolean claimed = true;
                for (int port = first; port < first + count; port++) {
                    claimed &= GIVEN.add(port);
                }
                if (claimed) {
                    return first;
                }
            }
        }
        throw new IllegalStateException("no " + count + " free consecutive ports between " + LOWEST + " and " + HIGHEST);
    }

    private static boolean allFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            if (GIVEN.contains(port)) {
                return false;
            }
            // On every address, as the services listen: a port held on any one of them is taken.
            try (ServerSocket probe = new ServerSocket(port)) {
                // bound, so free; closed at once
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
