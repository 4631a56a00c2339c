// aiops: runs one real OpenSearch 2.19.x node inside this JVM for the HTTP client tests.
// SPDX-License-Identifier: MIT
package aiops.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Starts a single-node OpenSearch cluster on 127.0.0.1 and keeps it up until SIGTERM.
 *
 * <p>Usage: {@code EmbeddedOpenSearch HOME_DIR HTTP_PORT}. HOME_DIR must be fresh: a second node on
 * the same data path fails with "failed to obtain node locks".
 */
public final class EmbeddedOpenSearch {

    private EmbeddedOpenSearch() {}

    /** Node's plugin-class constructor is protected in 2.x; 3.x changed it to take PluginInfo. */
    private static final class ClasspathNode extends Node {
        ClasspathNode(Environment env) {
            super(env, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class,
                               ReindexPlugin.class), true);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EmbeddedOpenSearch HOME_DIR HTTP_PORT");
            System.exit(2);
        }
        Path home = Paths.get(args[0]).toAbsolutePath();
        int httpPort = Integer.parseInt(args[1]);
        // PluginsService lists modules/ and plugins/ even though every plugin here comes from the classpath.
        for (String dir : List.of("config", "data", "logs", "modules", "plugins")) {
            Files.createDirectories(home.resolve(dir));
        }
        Settings settings = Settings.builder()
            .put("cluster.name", "aiops-test")
            .put("node.name", "aiops-node-1")
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            // a range, so that two harnesses on one machine never fight over the transport port
            .put("transport.port", "19300-19399")
            .put("discovery.type", "single-node")
            // CI disks are often over the 90 % watermark, which would make every index read-only
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
        Environment env = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), home.resolve("config"), () -> "aiops-node-1");
        Node node = new ClasspathNode(env);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("error while closing the node: " + e);
            }
            closed.countDown();
        }, "aiops-shutdown"));
        // No Bootstrap here: no security manager, no jar-hell or bootstrap checks (Node does none itself).
        node.start();
        System.out.println("OPENSEARCH_STARTED http://127.0.0.1:" + httpPort);
        // The node's threads are daemons: without this wait the JVM would exit right after start().
        closed.await();
    }
}
