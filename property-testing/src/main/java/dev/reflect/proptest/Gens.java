package dev.reflect.proptest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Generators the properties share, on top of QuickTheories' {@link Gen}. Every value is drawn
 * from the run's randomness source, so a seed repeats a run exactly and QuickTheories can shrink
 * any of them; numbers shrink towards zero (or the bound nearest to it), choices towards the
 * first one, collections and strings towards their shortest allowed length.
 *
 * <p>Compose with {@link Gen#map}, {@link Gen#flatMap}, {@link Gen#zip}, or a lambda over the
 * source for more than five parts: {@code in -> new CheckIn(ids.generate(in), times.generate(in),
 * ...)}.
 */
public final class Gens {

    private Gens() {}

    // ---- choices ----

    public static <T> Gen<T> just(T value) {
        return in -> value;
    }

    /** One of {@code values}, each alike. */
    @SafeVarargs
    public static <T> Gen<T> of(T... values) {
        List<T> list = new ArrayList<>(values.length);
        for (T value : values) {
            list.add(value);
        }
        return of(list);
    }

    /** One of {@code values}, each alike. */
    public static <T> Gen<T> of(List<? extends T> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        List<? extends T> copy = new ArrayList<>(values);
        return in -> copy.get(index(in, copy.size()));
    }

    /** Any constant of {@code type}. */
    public static <E extends Enum<E>> Gen<E> enums(Class<E> type) {
        return of(type.getEnumConstants());
    }

    /** A value of one of {@code gens}, each chosen alike. */
    @SafeVarargs
    public static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> list = new ArrayList<>(gens.length);
        for (Gen<? extends T> gen : gens) {
            list.add(gen);
        }
        return oneOf(list);
    }

    /** A value of one of {@code gens}, each chosen alike. */
    public static <T> Gen<T> oneOf(List<? extends Gen<? extends T>> gens) {
        if (gens.isEmpty()) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        List<? extends Gen<? extends T>> copy = new ArrayList<>(gens);
        return in -> copy.get(index(in, copy.size())).generate(in);
    }

    /** A generator with its weight, for {@link #frequency}. */
    public record Weighted<T>(int weight, Gen<? extends T> gen) {
        public Weighted {
            if (weight < 1) {
                throw new IllegalArgumentException("weight must be at least 1, was " + weight);
            }
        }
    }

    public static <T> Weighted<T> weighted(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    /** A value of one of the generators, each chosen in proportion to its weight. */
    @SafeVarargs
    public static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
        List<Weighted<? extends T>> copy = new ArrayList<>(choices.length);
        for (Weighted<? extends T> choice : choices) {
            copy.add(choice);
        }
        long total = copy.stream().mapToLong(Weighted::weight).sum();
        return in -> {
            long pick = in.next(Constraint.between(0, total - 1).withShrinkPoint(0));
            for (Weighted<? extends T> choice : copy) {
                if (pick < choice.weight()) {
                    return choice.gen().generate(in);
                }
                pick -= choice.weight();
            }
            throw new IllegalStateException("weights changed while choosing");
        };
    }

    /** {@code null} with the given probability, else a value of {@code gen}. */
    public static <T> Gen<T> orNull(Gen<T> gen, double nullProbability) {
        long permille = Math.round(nullProbability * 1000);
        return in -> in.next(Constraint.between(0, 999).withShrinkPoint(0)) < permille ? null : gen.generate(in);
    }

    // ---- numbers ----

    public static Gen<Boolean> booleans() {
        return in -> in.next(Constraint.zeroToOne()) == 1;
    }

    /** Any int. */
    public static Gen<Integer> ints() {
        return ints(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    public static Gen<Integer> ints(int min, int max) {
        return in -> (int) in.next(Constraint.between(min, max));
    }

    /** Any long. */
    public static Gen<Long> longs() {
        return longs(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public static Gen<Long> longs(long min, long max) {
        return in -> in.next(Constraint.between(min, max));
    }

    /** Any byte. */
    public static Gen<Byte> bytes() {
        return in -> (byte) in.next(Constraint.between(Byte.MIN_VALUE, Byte.MAX_VALUE));
    }

    /** Byte arrays of every byte, up to {@code maxLength} long. */
    public static Gen<byte[]> byteArrays(int minLength, int maxLength) {
        Gen<Integer> lengths = ints(minLength, maxLength);
        Gen<Byte> bytes = bytes();
        return in -> {
            byte[] array = new byte[lengths.generate(in)];
            for (int i = 0; i < array.length; i++) {
                array[i] = bytes.generate(in);
            }
            return array;
        };
    }

    /**
     * Any finite double: whole numbers near zero, two-decimal ones, and any bit pattern that is
     * a finite number (tiny, huge, subnormal, negative zero).
     */
    public static Gen<Double> doubles() {
        Gen<Double> bits = longs().map(Double::longBitsToDouble).map(d -> Double.isFinite(d) ? d : 0.0);
        return oneOf(ints(-1000, 1000).map(Integer::doubleValue), doubles(-1e6, 1e6, 2), bits);
    }

    /** Doubles from {@code min} to {@code max} with at most {@code scale} decimals. */
    public static Gen<Double> doubles(double min, double max, int scale) {
        long factor = BigDecimal.TEN.pow(scale).longValueExact();
        long from = (long) Math.ceil(min * factor);
        long to = (long) Math.floor(max * factor);
        return in ->
                BigDecimal.valueOf(in.next(Constraint.between(from, to)), scale).doubleValue();
    }

    /** BigIntegers from {@code min} to {@code max}, both included. */
    public static Gen<BigInteger> bigIntegers(BigInteger min, BigInteger max) {
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        int words = span.bitLength() / 63 + 1;
        return in -> {
            BigInteger drawn = BigInteger.ZERO;
            for (int i = 0; i < words; i++) {
                drawn = drawn.shiftLeft(63).add(BigInteger.valueOf(in.next(Constraint.between(0, Long.MAX_VALUE))));
            }
            return min.add(drawn.mod(span));
        };
    }

    // ---- text ----

    /** Strings of {@code chars}, from {@code minLength} to {@code maxLength} UTF-16 units long. */
    public static Gen<String> strings(CharSet chars, int minLength, int maxLength) {
        Gen<Integer> lengths = ints(minLength, maxLength);
        Gen<Character> characters = chars.gen();
        return in -> {
            int length = lengths.generate(in);
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                s.append(characters.generate(in).charValue());
            }
            return s.toString();
        };
    }

    /** Strings of {@link CharSet#anyText()}. */
    public static Gen<String> strings(int minLength, int maxLength) {
        return strings(CharSet.anyText(), minLength, maxLength);
    }

    /** Strings of exactly {@code length} of {@code chars}. */
    public static Gen<String> strings(CharSet chars, int length) {
        return strings(chars, length, length);
    }

    public static Gen<Character> chars(CharSet chars) {
        return chars.gen();
    }

    /** Which characters a string may hold: ranges and single characters, each character alike. */
    public record CharSet(List<char[]> ranges) {

        public CharSet {
            ranges = List.copyOf(ranges);
        }

        /** Nothing yet; add with {@link #range} and {@link #with}. */
        public static CharSet none() {
            return new CharSet(List.of());
        }

        /**
         * Any text a user could type in one UTF-16 unit: the Basic Multilingual Plane without
         * surrogate halves, private-use characters and the noncharacters.
         */
        public static CharSet anyText() {
            return none().range('\u0000', '\uD7FF').range('\uF900', '\uFDCF').range('\uFDF0', '\uFFFD');
        }

        /** Every UTF-16 unit, lone surrogate halves included. */
        public static CharSet all() {
            return none().range('\u0000', '\uFFFF');
        }

        public static CharSet ascii() {
            return none().range('\u0000', '\u007F');
        }

        public static CharSet alpha() {
            return none().range('a', 'z').range('A', 'Z');
        }

        public static CharSet numeric() {
            return none().range('0', '9');
        }

        /** The characters {@link Character#isWhitespace} calls white space. */
        public static CharSet whitespace() {
            CharSet set = none();
            for (char c = 0; c < 0xFFFF; c++) {
                if (Character.isWhitespace(c)) {
                    set = set.with(String.valueOf(c));
                }
            }
            return set;
        }

        public static CharSet of(String chars) {
            return none().with(chars);
        }

        public CharSet range(char from, char to) {
            List<char[]> more = new ArrayList<>(ranges);
            more.add(new char[] {from, to});
            return new CharSet(more);
        }

        public CharSet with(String chars) {
            CharSet set = this;
            for (int i = 0; i < chars.length(); i++) {
                set = set.range(chars.charAt(i), chars.charAt(i));
            }
            return set;
        }

        public CharSet with(CharSet other) {
            List<char[]> more = new ArrayList<>(ranges);
            more.addAll(other.ranges);
            return new CharSet(more);
        }

        Gen<Character> gen() {
            if (ranges.isEmpty()) {
                throw new IllegalStateException("no characters to choose from");
            }
            long[] ends = new long[ranges.size()];
            long total = 0;
            for (int i = 0; i < ranges.size(); i++) {
                total += ranges.get(i)[1] - ranges.get(i)[0] + 1;
                ends[i] = total;
            }
            long size = total;
            return in -> {
                long pick = in.next(Constraint.between(0, size - 1).withShrinkPoint(0));
                for (int i = 0; i < ends.length; i++) {
                    if (pick < ends[i]) {
                        long start = i == 0 ? 0 : ends[i - 1];
                        return (char) (ranges.get(i)[0] + (pick - start));
                    }
                }
                throw new IllegalStateException("unreachable");
            };
        }
    }

    // ---- collections ----

    public static <T> Gen<List<T>> lists(Gen<T> elements, int minSize, int maxSize) {
        Gen<Integer> sizes = ints(minSize, maxSize);
        return in -> {
            int size = sizes.generate(in);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(elements.generate(in));
            }
            return list;
        };
    }

    /**
     * Lists without repeated elements. A drawn element already in the list is dropped, so a list
     * may come out shorter than its drawn size (never shorter than {@code minSize} while the
     * elements allow it): the values are those of jqwik's {@code uniqueElements()}.
     */
    public static <T> Gen<List<T>> uniqueLists(Gen<T> elements, int minSize, int maxSize) {
        Gen<Integer> sizes = ints(minSize, maxSize);
        return in -> {
            int size = sizes.generate(in);
            Set<T> seen = new HashSet<>();
            List<T> list = new ArrayList<>(size);
            for (int draws = 0; list.size() < size && draws < size * 10 + 10; draws++) {
                T element = elements.generate(in);
                if (seen.add(element)) {
                    list.add(element);
                }
            }
            if (list.size() < minSize) {
                in.registerFailedAssumption();
            }
            return list;
        };
    }

    // ---- other values ----

    /** Random (version 4) UUIDs. */
    public static Gen<UUID> uuids() {
        Gen<Long> longs = longs();
        return in -> {
            long most = (longs.generate(in) & ~0xF000L) | 0x4000L;
            long least = (longs.generate(in) & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(most, least);
        };
    }

    /** A value made by {@code make} from a {@link Random} seeded from the run's source. */
    public static <T> Gen<T> fromRandom(Function<Random, T> make) {
        Gen<Long> seeds = longs();
        return in -> make.apply(new Random(seeds.generate(in)));
    }

    /**
     * Nested values: {@code deepen} applied to {@code base} between {@code minDepth} and
     * {@code maxDepth} times, the depth chosen per value.
     */
    public static <T> Gen<T> recursive(Gen<T> base, UnaryOperator<Gen<T>> deepen, int minDepth, int maxDepth) {
        List<Gen<T>> byDepth = new ArrayList<>();
        Gen<T> current = base;
        for (int depth = 0; depth <= maxDepth; depth++) {
            byDepth.add(current);
            current = deepen.apply(current);
        }
        Gen<Integer> depths = ints(minDepth, maxDepth);
        return in -> byDepth.get(depths.generate(in)).generate(in);
    }

    private static int index(RandomnessSource in, int size) {
        return (int) in.next(Constraint.between(0, size - 1).withShrinkPoint(0));
    }
}
