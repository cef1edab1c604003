package dev.reflect.simulator;

import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.Env;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a simulator run is configured with ({@code ./reflect simulate} options, see {@link #USAGE}).
 *
 * @param rate             live events a second over all users; 0 sends the history only
 * @param secret           HS256 secret the users' tokens are signed with
 * @param developmentSecret true when no secret was given and the public local-run secret stands in
 * @param duration         how long to send live events after seeding; empty: until stopped
 * @param concurrency      requests in flight at once
 * @param shareWith        a clinician that four in five people share with (contract §8); empty: nobody shares
 */
public record SimulatorOptions(
        int users,
        double rate,
        URI target,
        byte[] secret,
        boolean developmentSecret,
        int historyDays,
        long seed,
        Optional<Duration> duration,
        String userPrefix,
        int concurrency,
        Optional<String> shareWith) {

    public static final int DEFAULT_USERS = 50;
    public static final double DEFAULT_RATE = 2.0;
    public static final URI DEFAULT_TARGET = URI.create("http://127.0.0.1:8080");
    public static final int DEFAULT_HISTORY_DAYS = 42;
    public static final long DEFAULT_SEED = 1;
    public static final String DEFAULT_USER_PREFIX = "demo-";
    public static final int DEFAULT_CONCURRENCY = 8;
    public static final int MAX_USERS = 10_000;
    public static final double MAX_RATE = 10_000;
    /** Events may be at most 90 days old (contract section 3); one day is kept in hand for clock and offset skew. */
    public static final int MAX_HISTORY_DAYS = 89;
    /** The escalation rules' recent window: a shorter history cannot show the escalating personas' climb. */
    public static final int MIN_HISTORY_DAYS = 7;

    public static final String USAGE = """
            usage: ./reflect simulate [--users N] [--rate R] [--target URL] [--secret S]
                                      [--history-days D] [--seed N] [--duration T]
                                      [--user-prefix P] [--concurrency C] [--share-with C]
              --users N          simulated people, 1..10000 (default 50)
              --rate R           live events a second over all users after seeding, 0..10000,
                                 decimals allowed; 0 sends the history only (default 2)
              --target URL       the ingest service (default http://127.0.0.1:8080)
              --secret S         HS256 secret to sign the users' tokens, at least 32 bytes
                                 (default: REFLECT_JWT_SECRET, else the local run's development secret)
              --history-days D   days of history per user before live traffic, 7..89 (default 42)
              --seed N           makes the people and their history reproducible (default 1)
              --duration T       how long to send live events, e.g. 90s, 10m, 2h, PT1H; 0 stops after
                                 seeding (default: until Ctrl-C)
              --user-prefix P    user ids are P01, P02, ... (letters, digits, . _ -; default demo-)
              --concurrency C    requests in flight at once, 1..64 (default 8)
              --share-with C     four in five people share with clinician id C before their history
                                 is sent, so C's caseload fills (default: nobody shares)
            """;

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,40}");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

    public SimulatorOptions {
        secret = secret.clone();
        java.util.Objects.requireNonNull(shareWith, "shareWith");
    }

    /**
     * Options from the command line, the secret falling back to {@code REFLECT_JWT_SECRET} in
     * {@code env}. Values are never repeated in errors: one of them is a secret.
     *
     * @throws UsageException naming the option and its rule
     */
    public static SimulatorOptions parse(List<String> args, Env env) {
        int users = DEFAULT_USERS;
        double rate = DEFAULT_RATE;
        URI target = DEFAULT_TARGET;
        String secret = null;
        int historyDays = DEFAULT_HISTORY_DAYS;
        long seed = DEFAULT_SEED;
        Optional<Duration> duration = Optional.empty();
        String prefix = DEFAULT_USER_PREFIX;
        int concurrency = DEFAULT_CONCURRENCY;
        Optional<String> shareWith = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument at position " + (i + 1) + ": options start with --");
            }
            String name;
            String value;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else {
                name = arg;
                if (i + 1 >= args.size()) {
                    throw new UsageException(name + " needs a value");
                }
                value = args.get(++i);
            }
            switch (name) {
                case "--users" -> users = integer(name, value, 1, MAX_USERS);
                case "--rate" -> rate = decimal(name, value, 0, MAX_RATE);
                case "--target" -> target = target(value);
                case "--secret" -> secret = value;
                case "--history-days" -> historyDays = integer(name, value, MIN_HISTORY_DAYS, MAX_HISTORY_DAYS);
                case "--seed" -> seed = longValue(name, value);
                case "--duration" -> duration = Optional.of(duration(value));
                case "--user-prefix" -> {
                    if (!PREFIX.matcher(value).matches()) {
                        throw new UsageException("--user-prefix must be 1 to 40 letters, digits, '.', '_' or '-'");
                    }
                    prefix = value;
                }
                case "--concurrency" -> concurrency = integer(name, value, 1, 64);
                case "--share-with" -> {
                    if (!PREFIX.matcher(value).matches()) {
                        throw new UsageException("--share-with must be 1 to 40 letters, digits, '.', '_' or '-'");
                    }
                    shareWith = Optional.of(value);
                }
                default -> throw new UsageException("unknown option " + name);
            }
        }
        boolean development = false;
        if (secret == null) {
            secret = env.optional(JwtSettings.SECRET_VARIABLE).orElse(null);
        }
        if (secret == null) {
            secret = DevTokens.LOCAL_DEVELOPMENT_SECRET;
            development = true;
        }
        byte[] secretBytes = secret.getBytes(StandardCharsets.UTF_8);
        if (secretBytes.length < JwtSettings.MIN_SECRET_BYTES) {
            throw new UsageException("--secret (or " + JwtSettings.SECRET_VARIABLE + ") must be at least "
                    + JwtSettings.MIN_SECRET_BYTES + " bytes, the length of an HS256 key");
        }
        return new SimulatorOptions(
                users,
                rate,
                target,
                secretBytes,
                development,
                historyDays,
                seed,
                duration,
                prefix,
                concurrency,
                shareWith);
    }

    /** Whether live traffic follows the seeding. */
    public boolean sendsLive() {
        return rate > 0 && duration.map(d -> !d.isZero()).orElse(true);
    }

    public SimulatorOptions withTarget(URI newTarget) {
        return new SimulatorOptions(
                users,
                rate,
                newTarget,
                secret,
                developmentSecret,
                historyDays,
                seed,
                duration,
                userPrefix,
                concurrency,
                shareWith);
    }

    /** The same options, with people sharing with {@code clinicianId}. */
    public SimulatorOptions withSharingWith(String clinicianId) {
        return new SimulatorOptions(
                users,
                rate,
                target,
                secret,
                developmentSecret,
                historyDays,
                seed,
                duration,
                userPrefix,
                concurrency,
                Optional.of(clinicianId));
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        // Never the secret.
        return "SimulatorOptions[users=" + users + ", rate=" + rate + ", target=" + target + ", historyDays="
                + historyDays + ", seed=" + seed + ", duration=" + duration + ", userPrefix=" + userPrefix
                + ", concurrency=" + concurrency + ", shareWith=" + shareWith + "]";
    }

    private static int integer(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below with the rule.
        }
        throw new UsageException(name + " must be a whole number from " + min + " to " + max);
    }

    private static long longValue(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number (64-bit)");
        }
    }

    private static double decimal(String name, String value, double min, double max) {
        try {
            double parsed = Double.parseDouble(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below with the rule.
        }
        throw new UsageException(name + " must be a number from " + format(min) + " to " + format(max));
    }

    private static URI target(String value) {
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && (uri.getRawPath() == null
                            || uri.getRawPath().isEmpty()
                            || uri.getRawPath().equals("/"))
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Reported below with the rule.
        }
        throw new UsageException("--target must be an http:// or https:// URL of the ingest service with a host and "
                + "no path, e.g. http://127.0.0.1:8080");
    }

    static Duration duration(String value) {
        String text = value.trim();
        var match = SHORT_DURATION.matcher(text);
        if (match.matches()) {
            long amount = Long.parseLong(match.group(1));
            String unit = match.group(2) == null ? "s" : match.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        try {
            Duration parsed = Duration.parse(text.toUpperCase(Locale.ROOT));
            if (!parsed.isNegative()) {
                return parsed;
            }
        } catch (DateTimeParseException e) {
            // Reported below with the rule.
        }
        throw new UsageException("--duration must be a length of time such as 90s, 10m, 2h, 1d or PT1H30M, "
                + "not negative (0 stops after seeding)");
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
