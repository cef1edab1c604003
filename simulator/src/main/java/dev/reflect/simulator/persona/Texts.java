package dev.reflect.simulator.persona;

import java.util.List;
import java.util.Random;

/**
 * The words of simulated notes and journal entries: short, plain, and invented. No names of
 * people or places, so nothing a demo shows can be mistaken for someone's real diary.
 */
final class Texts {

    /** An automatic thought, the evidence either way and the balanced thought that answers it. */
    record Thought(String automatic, String evidenceFor, String evidenceAgainst, String balanced) {}

    static final List<Thought> THOUGHTS = List.of(
            new Thought(
                    "They didn't answer, so they must be with someone else.",
                    "The message was read an hour ago and there was no reply.",
                    "They told me this morning the afternoon would be full of meetings.",
                    "A slow reply means they are busy, not that they are gone."),
            new Thought(
                    "They cancelled our plans because they don't want to see me.",
                    "This is the second change this month.",
                    "They suggested another evening straight away.",
                    "Plans change for ordinary reasons; they still want to meet."),
            new Thought(
                    "If I tell them how I feel, they will leave.",
                    "Someone left once after I opened up.",
                    "Last time I shared something hard, they listened and thanked me.",
                    "This person has shown me that honesty brings us closer."),
            new Thought(
                    "They are hiding something on their phone.",
                    "They turned the screen away while typing.",
                    "They were planning a surprise the last time this happened.",
                    "Privacy is not secrecy; I can ask calmly instead of checking."),
            new Thought(
                    "Everyone eventually lets me down.",
                    "It has happened before and it hurt.",
                    "Several people have stayed reliable for years.",
                    "Old hurts are real, and so is the trust people earn now."),
            new Thought(
                    "They laughed with a colleague, so I must matter less.",
                    "They talked about that colleague twice this week.",
                    "They came home early to spend the evening with me.",
                    "Liking other people does not take anything away from us."));

    static final List<String> JOURNAL_TEXTS = List.of(
            "Felt the old worry come up this evening and wrote it down instead of acting on it.",
            "A calmer day. Noticed the urge to ask for reassurance and let it pass.",
            "Talked things through openly. It was uncomfortable but it helped.",
            "Hard day. The past felt very close today.",
            "Went for a long walk before replying. Things looked different afterwards.",
            "Noticed how much lighter it feels when I name the feeling out loud.",
            "Slept badly and everything felt more threatening. Being kind to myself today.",
            "Session this week helped me see the pattern more clearly.");

    static final List<String> NOTES = List.of(
            "Late reply again.",
            "Plans moved to next week.",
            "Took a breath before answering.",
            "Felt left out at dinner.",
            "Talked about it calmly.",
            "Old memories came up.",
            "Kept it to myself this time.",
            "Asked directly instead of guessing.");

    private Texts() {}

    static <T> T pick(List<T> items, Random random) {
        return items.get(random.nextInt(items.size()));
    }
}
