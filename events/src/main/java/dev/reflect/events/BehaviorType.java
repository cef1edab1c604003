package dev.reflect.events;

/**
 * What the person did (contract section 2). The last three form the reassurance-seeking ladder
 * the escalation rules watch: asking, then checking, then controlling.
 */
public enum BehaviorType {
    /** Difficulty being vulnerable. */
    AVOIDED_SHARING,
    /** Emotional distancing: pulled away, avoided intimacy. */
    WITHDREW,
    /** Emotional distancing: creating conflict to test the relationship. */
    PICKED_CONFLICT,
    /** Questioning the other person: excessive suspicion. */
    QUESTIONED_MOTIVES,
    /** Questioning: accusing of betrayal, cheating, dishonesty without evidence. */
    ACCUSED,
    /** Seeking constant reassurance that the relationship is fine. */
    SOUGHT_REASSURANCE,
    /** Reassurance-seeking taken further: checking their phone, email or accounts. */
    CHECKED_DEVICE,
    /** Reassurance-seeking turned controlling: dictating where they go or whom they see. */
    CONTROLLED
}
