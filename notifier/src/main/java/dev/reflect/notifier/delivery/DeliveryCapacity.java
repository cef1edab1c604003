package dev.reflect.notifier.delivery;

import java.util.HashMap;
import java.util.Map;

/**
 * How many attempts may wait for an answer at once: in all, and to any one clinician's endpoint.
 * The second bound is what keeps a slow endpoint from holding every slot while other clinicians'
 * webhooks wait behind it. Shared by the tasks of one instance; thread-safe.
 */
public final class DeliveryCapacity {

    /** What {@link #tryAcquire} answered. */
    public enum Grant {
        GRANTED,
        ENDPOINT_BUSY,
        FULL
    }

    private final int max;
    private final int perEndpoint;
    private final Map<String, Integer> byClinician = new HashMap<>();
    private int inFlight;

    public DeliveryCapacity(int max, int perEndpoint) {
        if (max < 1 || perEndpoint < 1) {
            throw new IllegalArgumentException("capacities must be at least 1");
        }
        this.max = max;
        this.perEndpoint = perEndpoint;
    }

    public synchronized Grant tryAcquire(String clinicianId) {
        if (inFlight >= max) {
            return Grant.FULL;
        }
        int current = byClinician.getOrDefault(clinicianId, 0);
        if (current >= perEndpoint) {
            return Grant.ENDPOINT_BUSY;
        }
        byClinician.put(clinicianId, current + 1);
        inFlight++;
        return Grant.GRANTED;
    }

    public synchronized void release(String clinicianId) {
        Integer current = byClinician.get(clinicianId);
        if (current == null) {
            throw new IllegalStateException("released more than acquired");
        }
        if (current == 1) {
            byClinician.remove(clinicianId);
        } else {
            byClinician.put(clinicianId, current - 1);
        }
        inFlight--;
    }

    /** Attempts waiting for an answer now. */
    public synchronized int inFlight() {
        return inFlight;
    }
}
