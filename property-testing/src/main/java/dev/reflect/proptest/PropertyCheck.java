package dev.reflect.proptest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Runs a property: {@code tries} generated examples through a check, inside a plain JUnit test.
 *
 * <pre>{@code
 * @Test
 * void roundTrips() {
 *     PropertyCheck.tries(500).forAll(states(), state -> assertThat(read(write(state))).isEqualTo(state));
 * }
 * }</pre>
 *
 * <p>QuickTheories generates the examples and, when one fails, shrinks it to a smaller one that
 * still fails. A failure names the smallest example, its cause, the seed and the command that
 * repeats the run with that seed ({@code -DQT_SEED=...}; Surefire hands a command line's
 * {@code -D} properties to the test JVM). Without {@code QT_SEED} every run draws a new seed.
 *
 * <p>Examples whose random draws repeat an earlier example's exactly are skipped, not run twice
 * (QuickTheories' way), so a property over a domain smaller than its tries runs fewer examples.
 */
public final class PropertyCheck {

    /** The system property that fixes the seed, QuickTheories' own name for it. */
    public static final String SEED_PROPERTY = "QT_SEED";
    /** The system property that bounds shrinking, QuickTheories' own name for it. */
    public static final String SHRINKS_PROPERTY = "QT_SHRINKS";

    /**
     * Shrink attempts after a failure. Every attempt runs the property once more, and some
     * properties send a request each time: this bounds a failing run to seconds, not minutes.
     */
    private static final int DEFAULT_SHRINK_CYCLES = 2_000;

    /**
     * Rejected draws allowed while generating one example (filters, {@link Gen#assuming}).
     * QuickTheories' default of 10 counts all filters inside one composite example together.
     */
    private static final int GENERATE_ATTEMPTS = 10_000;

    private final int tries;
    private final List<Coverage> coverages;
    private final int shrinkCycles;

    private PropertyCheck(int tries, List<Coverage> coverages, int shrinkCycles) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be at least 1, was " + tries);
        }
        this.tries = tries;
        this.coverages = coverages;
        this.shrinkCycles = shrinkCycles;
    }

    /** A property checked over {@code tries} generated examples. */
    public static PropertyCheck tries(int tries) {
        return new PropertyCheck(tries, List.of(), DEFAULT_SHRINK_CYCLES);
    }

    /**
     * Bounds shrinking for a property whose every run is costly (a topology under test, a server):
     * after a failure, at most {@code cycles} smaller examples are tried. {@code -DQT_SHRINKS}
     * still overrides it.
     */
    public PropertyCheck shrinkCycles(int cycles) {
        if (cycles < 0) {
            throw new IllegalArgumentException("cycles must not be negative, was " + cycles);
        }
        return new PropertyCheck(tries, coverages, cycles);
    }

    /**
     * Requires, after all tries passed, what {@code coverage} collected to meet its requirements:
     * the generators must keep reaching each case the property is about.
     */
    public PropertyCheck withCoverage(Coverage coverage) {
        List<Coverage> more = new ArrayList<>(coverages);
        more.add(coverage);
        return new PropertyCheck(tries, List.copyOf(more), shrinkCycles);
    }

    /** A check of one generated value; it fails by throwing, an assertion or anything else. */
    @FunctionalInterface
    public interface Check1<A> {
        void check(A a) throws Exception;
    }

    @FunctionalInterface
    public interface Check2<A, B> {
        void check(A a, B b) throws Exception;
    }

    @FunctionalInterface
    public interface Check3<A, B, C> {
        void check(A a, B b, C c) throws Exception;
    }

    @FunctionalInterface
    public interface Check5<A, B, C, D, E> {
        void check(A a, B b, C c, D d, E e) throws Exception;
    }

    public <A> void forAll(Gen<A> a, Check1<? super A> property) {
        run(a, property);
    }

    public <A, B> void forAll(Gen<A> a, Gen<B> b, Check2<? super A, ? super B> property) {
        Gen<List<Object>> all = in -> Arrays.asList(a.generate(in), b.generate(in));
        run(all, values -> property.check(cast(values.get(0)), cast(values.get(1))));
    }

    public <A, B, C> void forAll(Gen<A> a, Gen<B> b, Gen<C> c, Check3<? super A, ? super B, ? super C> property) {
        Gen<List<Object>> all = in -> Arrays.asList(a.generate(in), b.generate(in), c.generate(in));
        run(all, values -> property.check(cast(values.get(0)), cast(values.get(1)), cast(values.get(2))));
    }

    public <A, B, C, D, E> void forAll(
            Gen<A> a,
            Gen<B> b,
            Gen<C> c,
            Gen<D> d,
            Gen<E> e,
            Check5<? super A, ? super B, ? super C, ? super D, ? super E> property) {
        Gen<List<Object>> all =
                in -> Arrays.asList(a.generate(in), b.generate(in), c.generate(in), d.generate(in), e.generate(in));
        run(
                all,
                values -> property.check(
                        cast(values.get(0)),
                        cast(values.get(1)),
                        cast(values.get(2)),
                        cast(values.get(3)),
                        cast(values.get(4))));
    }

    // The values list holds what a's, b's, ... generators made, in that order, so each cast holds.
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    private static <T> T cast(Object value) {
        return (T) value;
    }

    private <T> void run(Gen<T> values, Check1<? super T> property) {
        Caller caller = Caller.find();
        long seed = seed();
        coverages.forEach(Coverage::reset);
        QuickTheory theory = QuickTheory.qt()
                .withFixedSeed(seed)
                // QuickTheories skips an example whose draws repeat an earlier one's and still
                // counts it; a few spare examples make up for those, so `tries` really run.
                .withExamples(tries + 10 + tries / 20)
                .withShrinkCycles(Integer.getInteger(SHRINKS_PROPERTY, shrinkCycles))
                .withGenerateAttempts(GENERATE_ATTEMPTS);
        int[] run = {0};
        boolean[] failed = {false};
        try {
            theory.forAll(values).checkAssert(value -> {
                if (run[0] == tries && !failed[0]) {
                    return; // the spare examples (see withExamples above) are not needed
                }
                run[0]++;
                try {
                    checkRethrowingUnchecked(property, value);
                } catch (RuntimeException | Error e) {
                    failed[0] = true;
                    throw e;
                }
            });
        } catch (AssertionError | IllegalStateException e) {
            throw new AssertionError(e.getMessage() + System.lineSeparator() + caller.reproduction(seed), e);
        }
        for (Coverage coverage : coverages) {
            Optional<String> shortfall = coverage.verify();
            System.out.println("[" + caller.test() + "] " + coverage.summary());
            if (shortfall.isPresent()) {
                throw new AssertionError(shortfall.get() + System.lineSeparator() + caller.reproduction(seed));
            }
        }
    }

    private static <T> void checkRethrowingUnchecked(Check1<? super T> property, T value) {
        try {
            property.check(value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long seed() {
        String fixed = System.getProperty(SEED_PROPERTY);
        if (fixed != null && !fixed.isBlank()) {
            return Long.parseLong(fixed.trim());
        }
        return ThreadLocalRandom.current().nextLong();
    }

    /** The test method that called the check, read off the stack, for the reproduction command. */
    private record Caller(String className, String methodName) {

        /** The outermost non-lambda frame of the class that called the check: the test method itself. */
        static Caller find() {
            List<StackWalker.StackFrame> frames = StackWalker.getInstance().walk(s -> s.toList());
            String testClass = frames.stream()
                    .map(StackWalker.StackFrame::getClassName)
                    .filter(name -> !name.equals(PropertyCheck.class.getName())
                            && !name.startsWith(PropertyCheck.class.getName() + "$"))
                    .findFirst()
                    .orElse("?");
            Caller caller = new Caller(testClass, "?");
            for (StackWalker.StackFrame frame : frames) {
                if (frame.getClassName().equals(testClass)
                        && !frame.getMethodName().startsWith("lambda$")) {
                    caller = new Caller(testClass, frame.getMethodName());
                }
            }
            return caller;
        }

        String test() {
            return className.substring(className.lastIndexOf('.') + 1) + "#" + methodName;
        }

        String reproduction(long seed) {
            String module = Path.of("").toAbsolutePath().getFileName().toString();
            return "Seed " + seed + ". Repeat this run: mvn -pl " + module + " test -Dtest=" + test() + " -D"
                    + SEED_PROPERTY + "=" + seed + " -Dsurefire.failIfNoSpecifiedTests=false";
        }
    }
}
