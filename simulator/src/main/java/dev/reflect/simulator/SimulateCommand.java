package dev.reflect.simulator;

import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.Env;
import dev.reflect.simulator.ingest.AcceptedEvents;
import dev.reflect.simulator.ingest.Outcomes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./reflect simulate}: drives an ingest service, local or deployed, with simulated people.
 * Exit codes: 0 when every event was accepted, 1 when some were rejected or failed (or the
 * service never became ready), 2 for a command line it cannot run.
 */
public final class SimulateCommand {

    static final int OK = 0;
    static final int EVENTS_LOST = 1;
    static final int BAD_USAGE = 2;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private SimulateCommand() {}

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(Arrays.asList(args), Env.system(), System.err));
    }

    static int run(List<String> args, Env env, PrintStream err) throws InterruptedException {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.print(SimulatorOptions.USAGE);
            return OK;
        }
        SimulatorOptions options;
        try {
            options = SimulatorOptions.parse(args, env);
        } catch (UsageException e) {
            err.print("simulate: " + e.getMessage() + "\n" + SimulatorOptions.USAGE);
            return BAD_USAGE;
        }
        if (options.developmentSecret()) {
            err.println("simulate: neither --secret nor " + JwtSettings.SECRET_VARIABLE
                    + " is set; signing with the local development secret of ./reflect run");
        }
        Simulator simulator = new Simulator(options, err, AcceptedEvents.NONE);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(
                () -> {
                    simulator.close();
                    main.interrupt();
                },
                "simulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            err.println("simulate: " + options.users() + " users, " + options.historyDays() + " days of history, then "
                    + (options.sendsLive()
                            ? options.rate() + " events/s"
                                    + options.duration().map(d -> " for " + d).orElse(" until stopped")
                            : "no live events")
                    + ", against " + options.target() + " (seed " + options.seed() + ")");
            if (!simulator.awaitReady(READY_TIMEOUT)) {
                err.println("simulate: the ingest service at " + options.target() + " did not answer ready on "
                        + "/health/ready within " + READY_TIMEOUT.toSeconds() + " s");
                return EVENTS_LOST;
            }
            simulator.seed();
            simulator.runLive();
        } catch (InterruptedException e) {
            // Stopped by a signal: the hook printed the final status.
            return EVENTS_LOST;
        } finally {
            simulator.close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down.
        }
        Outcomes.Snapshot outcomes = simulator.outcomes();
        return outcomes.rejected() == 0 && outcomes.failed() == 0 ? OK : EVENTS_LOST;
    }
}
