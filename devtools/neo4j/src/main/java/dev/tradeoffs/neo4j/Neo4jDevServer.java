package dev.tradeoffs.neo4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * A development-only Neo4j (Community) server: the embedded DBMS with a Bolt
 * listener on loopback, no TLS, and authentication off unless asked for.
 *
 * <pre>
 *   java -cp 'lib/*:classes' dev.tradeoffs.neo4j.Neo4jDevServer [--port P] [--data DIR] [--auth]
 * </pre>
 *
 * Settings come from the arguments, else the environment
 * (NEO4J_DEV_PORT, NEO4J_DEV_DATA, NEO4J_DEV_PAGECACHE, NEO4J_DEV_AUTH=1), else defaults
 * (port 7687, a fresh temporary folder that is deleted on shutdown, 256m page cache, no auth).
 *
 * With auth on, Neo4j's built-in user exists as on a fresh server: "neo4j" with the
 * password "neo4j", expired, so its only allowed statement is
 * ALTER CURRENT USER SET PASSWORD FROM 'neo4j' TO '...' on the system database.
 *
 * Prints a line "neo4j ready bolt://127.0.0.1:PORT" once Bolt accepts
 * connections (the launcher script waits for it), then blocks until the JVM is asked to exit (SIGTERM/SIGINT),
 * at which point a shutdown hook stops the DBMS cleanly.
 */
public final class Neo4jDevServer {

    private static final String HOST = "127.0.0.1";

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(env("NEO4J_DEV_PORT", "7687"));
        String data = env("NEO4J_DEV_DATA", "");
        String pageCache = env("NEO4J_DEV_PAGECACHE", "256m");
        boolean auth = env("NEO4J_DEV_AUTH", "0").equals("1");

        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--data" -> data = args[++i];
                case "--pagecache" -> pageCache = args[++i];
                case "--auth" -> auth = true;
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    System.err.println(
                            "usage: Neo4jDevServer [--port P] [--data DIR] [--pagecache SIZE] [--auth]");
                    System.exit(2);
                }
            }
        }

        boolean ephemeral = data.isEmpty();
        Path home = ephemeral
                ? Files.createTempDirectory("neo4j-dev-")
                : Files.createDirectories(Path.of(data).toAbsolutePath());

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                // Bolt on loopback only, plain text: strictly a dev/CI server. Auth is for
                // tests of how clients handle a refused password.
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                // Bolt otherwise waits 5 s twice for idle connections/threads on shutdown.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // Keep the footprint small: the machine is shared with other work.
                .setConfig(GraphDatabaseSettings.pagecache_memory, parseBytes(pageCache))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, ByteUnit.mebiBytes(1024))
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, ByteUnit.mebiBytes(768))
                .build();

        // Registered right after build() so even a failed startup below shuts down cleanly.
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j stopping");
            try {
                dbms.shutdown();
                if (ephemeral) {
                    deleteRecursively(home);
                }
            } finally {
                System.out.println("neo4j stopped");
                System.out.flush();
                stopped.countDown();
            }
        }, "neo4j-dev-shutdown"));

        // build() returns once the DBMS is up; make sure the default database is
        // really available before announcing readiness.
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(60_000)) {
            System.err.println("neo4j default database did not become available");
            System.exit(1);
        }

        System.out.println("neo4j home " + home);
        System.out.println("neo4j auth " + (auth ? "on" : "off"));
        System.out.println("neo4j ready bolt://" + HOST + ":" + port);
        System.out.flush();

        stopped.await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }

    /** Parses sizes such as "256m", "1g", "512k" or plain bytes. */
    private static long parseBytes(String text) {
        String s = text.trim().toLowerCase();
        long unit = 1;
        char last = s.charAt(s.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? ByteUnit.kibiBytes(1) : last == 'm' ? ByteUnit.mebiBytes(1) : ByteUnit.gibiBytes(1);
            s = s.substring(0, s.length() - 1);
        }
        return Long.parseLong(s) * unit;
    }

    private Neo4jDevServer() {
    }
}
