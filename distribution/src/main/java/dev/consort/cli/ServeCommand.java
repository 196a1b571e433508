package dev.consort.cli;

import dev.consort.core.api.Consort;
import dev.consort.core.api.GatewaySettings;
import dev.consort.gateway.Gateway;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code consort serve}: the OpenAI-compatible gateway, until SIGINT or SIGTERM. The embedded engine keeps
 * threads of its own alive, so the stop is explicit: a shutdown hook stops the server and closes Consort,
 * and {@link Main} exits the process.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve an OpenAI-compatible API over the orchestrator until stopped (Ctrl-C, SIGTERM):",
                "POST /v1/chat/completions, GET /v1/models, GET /health, GET /metrics.",
                "The request's model picks the route: a backend, task:TYPE, or an alias from gateway.aliases."})
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    private ConsortCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Address to listen on (default: gateway.bind, else 127.0.0.1). Any non-loopback address needs client keys in gateway.clients.")
    private String bind;

    @Option(names = "--port", paramLabel = "N",
            description = "Port (default: gateway.port, else " + GatewaySettings.DEFAULT_PORT + "; 0 picks a free one).")
    private Integer port;

    @Override
    public Integer call() throws InterruptedException {
        if (port != null && (port < 0 || port > 65_535)) {
            throw new UsageException("--port must be 0..65535, got " + port);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Consort consort = root.consort();
        Gateway gateway;
        try {
            ConsortCommand.noticeDefaults(consort, err);
            GatewaySettings settings = consort.gateway().listeningOn(bind, port);
            try {
                gateway = Gateway.start(consort, settings);
            } catch (java.io.UncheckedIOException e) {
                throw new IllegalStateException("cannot listen on " + settings.bind() + ":" + settings.port() + ": "
                        + e.getCause().getMessage() + " (choose another with --port)", e);
            }
        } catch (RuntimeException e) {
            consort.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            consort.close();
            stopped.countDown();
        }, "consort-serve-shutdown"));
        for (String notice : gateway.notices()) {
            err.println("consort: " + notice);
        }
        err.flush();
        out.println("consort serve: listening on " + gateway.baseUrl());
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
