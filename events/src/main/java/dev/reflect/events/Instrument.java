package dev.reflect.events;

/**
 * A standardized questionnaire a person can answer (contract section 10). Each knows how many
 * items it has and the range of one item's answer; the score is the sum of the answers.
 */
public enum Instrument {
    /**
     * The Generalized Anxiety Disorder 7-item scale (Spitzer, Kroenke, Williams and Löwe, 2006,
     * Archives of Internal Medicine 166:1092-1097): seven questions about the last two weeks, each
     * answered 0 (not at all) to 3 (nearly every day). Public domain.
     */
    GAD7(EventRules.GAD7_ITEMS, EventRules.MIN_GAD7_ANSWER, EventRules.MAX_GAD7_ANSWER);

    private final int items;
    private final int minAnswer;
    private final int maxAnswer;

    Instrument(int items, int minAnswer, int maxAnswer) {
        this.items = items;
        this.minAnswer = minAnswer;
        this.maxAnswer = maxAnswer;
    }

    public int items() {
        return items;
    }

    public int minAnswer() {
        return minAnswer;
    }

    public int maxAnswer() {
        return maxAnswer;
    }

    /** The highest score: every item answered with the highest answer. */
    public int maxScore() {
        return items * maxAnswer;
    }
}
