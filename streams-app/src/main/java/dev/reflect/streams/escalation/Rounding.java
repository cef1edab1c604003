package dev.reflect.streams.escalation;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How figures are rounded for people: averages and baselines to one decimal, ratios to two. */
public final class Rounding {

    private Rounding() {}

    public static double oneDecimal(double value) {
        return round(value, 1);
    }

    public static double twoDecimals(double value) {
        return round(value, 2);
    }

    public static Double oneDecimal(Double value) {
        return value == null ? null : oneDecimal(value.doubleValue());
    }

    private static double round(double value, int places) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }
}
