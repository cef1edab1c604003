package dev.reflect.producer.ratelimit;

import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;

/**
 * The per-user request budget: {@code perMinute} requests a minute on average, with bursts of up
 * to {@code burst}. Every HTTP request counts once, including a batch of 500 check-ins, so an
 * offline client syncing its backlog through the batch endpoint is not throttled for it.
 * {@code perMinute} 0 turns limiting off (benchmarks, trusted internal callers).
 */
public record RateLimit(int perMinute, int burst) {

    public static final String PER_MINUTE_VARIABLE = "REFLECT_RATE_LIMIT_PER_MINUTE";
    public static final String BURST_VARIABLE = "REFLECT_RATE_LIMIT_BURST";
    /** A person checks in a few times a day; 60 a minute only stops floods (a loop, a stolen token). */
    public static final int DEFAULT_PER_MINUTE = 60;

    public static final int DEFAULT_BURST = 30;

    public static final RateLimit OFF = new RateLimit(0, 0);

    public RateLimit {
        if (perMinute < 0 || burst < 0 || (perMinute > 0 && burst < 1)) {
            throw new ConfigException(PER_MINUTE_VARIABLE + " and " + BURST_VARIABLE
                    + " must not be negative, and the burst must be at least 1 when limiting is on");
        }
    }

    public static RateLimit from(Env env) {
        int perMinute = env.integer(PER_MINUTE_VARIABLE, DEFAULT_PER_MINUTE, 0, 1_000_000);
        int burst = env.integer(BURST_VARIABLE, DEFAULT_BURST, 1, 1_000_000);
        return new RateLimit(perMinute, perMinute == 0 ? 0 : burst);
    }

    public boolean enabled() {
        return perMinute > 0;
    }
}
