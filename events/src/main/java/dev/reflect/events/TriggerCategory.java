package dev.reflect.events;

/** The circumstance that set off mistrust (contract section 2). */
public enum TriggerCategory {
    /** A message or call went unanswered, a late reply. */
    PARTNER_UNRESPONSIVE,
    /** Cancelled or changed plans, lateness. */
    PLANS_CHANGED,
    /** Vague answers, a hidden phone, private conversations. */
    PERCEIVED_SECRECY,
    /** Online activity: likes, follows, messages. */
    SOCIAL_MEDIA,
    /** The other person's time or attention going to others. */
    ATTENTION_TO_OTHERS,
    /** Travel, time apart. */
    PHYSICAL_DISTANCE,
    /** An argument or a critical remark. */
    CONFLICT_OR_CRITICISM,
    /** An anniversary, an ex, anything echoing a past betrayal. */
    REMINDER_OF_PAST,
    /** Being asked to open up, sharing something personal. */
    BEING_VULNERABLE,
    OTHER
}
