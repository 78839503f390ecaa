package io.celebaspark.cli;

import io.celebaspark.app.AppConfig;
import io.celebaspark.serve.WebServer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code serve}: the predict web page and JSON API for one saved model, in the driver JVM (no Spark session),
 * until the process is stopped (Ctrl-C). Listens on loopback unless told otherwise.
 */
final class ServeCommand implements Command {

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "a web page and JSON API that find, align and label the faces in uploaded or webcam photos";
    }

    @Override
    public List<CliOption> options() {
        return List.of(
                CliOption.required("model", "MODEL_PATH", "model bundle folder written by train (model.zip, model.json, ...)"),
                CliOption.setting("port", "P", "serve.port", "port to listen on (default 8080; 0 = any free one)"),
                CliOption.setting("host", "H", "serve.host", "address to listen on (default 127.0.0.1, this machine only)"));
    }

    @Override
    public void run(ParsedArgs args, AppConfig config, PrintStream out) throws IOException, InterruptedException {
        PredictCommand.Model model = PredictCommand.loadModel(args.required("model"));
        WebServer server = WebServer.start(model.predictor(), model.bundle().card(), config.serve());
        if (!InetAddress.getByName(config.serve().host()).isLoopbackAddress()) {
            System.err.println("[serve] warning: listening on " + config.serve().host() + ", not loopback: anyone who"
                    + " can reach this machine can send photos to it");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "serve-shutdown"));
        out.println("serving " + model.bundle().card().runId() + " at " + server.url() + " (Ctrl-C stops)");
        out.flush();
        stopped.await();
    }
}
