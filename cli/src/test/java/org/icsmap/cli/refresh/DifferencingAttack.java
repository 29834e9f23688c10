package org.icsmap.cli.refresh;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.icsmap.domain.marts.MartDefinition;

/**
 * What an analyst can work out from the published marts alone: every published total is an equation (total =
 * sum of its cells), every number published twice (a PCN in the PCN mart and as the total of its practices)
 * an identity, and each hidden value an unknown. The attack solves every such system exactly (Gaussian
 * elimination over the rationals) and reports each hidden value the system pins down. It treats every total as
 * additive and every published count as exact, which is stronger than a real attacker (distinct patients do
 * not add up across organisations, and counts are rounded).
 */
final class DifferencingAttack {

    /** One published number: a mart, the cell's dimension values and the column. */
    record Cell(String mart, List<Object> key, String column) {
    }

    /** A hidden number the published marts determine, and its value. */
    record Recovered(Cell cell, BigDecimal value) {
    }

    /**
     * Two marts publish the same number: rows of {@code a} and {@code b} whose keys (empty: the row takes no part)
     * are equal hold the same value in each of {@code columns}.
     */
    record Identity(String a, Function<Map<String, Object>, Optional<String>> keyA, String b,
                    Function<Map<String, Object>, Optional<String>> keyB, List<String> columns) {
    }

    private final Map<MartDefinition, List<Map<String, Object>>> published;
    private final List<Identity> identities;
    private final Set<String> rates;

    /**
     * {@code published}: each mart's rows as column → value, hidden values null. {@code rates}: columns that are
     * ratios (per 1,000 registered, shares), which no total adds up, so they give no equation.
     */
    DifferencingAttack(Map<MartDefinition, List<Map<String, Object>>> published, List<Identity> identities, Set<String> rates) {
        this.published = new LinkedHashMap<>(published);
        this.identities = List.copyOf(identities);
        this.rates = Set.copyOf(rates);
    }

    /** Every hidden value that the published totals and identities determine exactly. */
    List<Recovered> run() {
        Set<String> columns = new LinkedHashSet<>();
        published.keySet().forEach(m -> m.measures().stream()
                .filter(x -> x.kind() == MartDefinition.Measure.Kind.COUNT || x.kind() == MartDefinition.Measure.Kind.LINKED)
                .forEach(x -> columns.add(x.name())));
        columns.removeAll(rates);
        List<Recovered> recovered = new ArrayList<>();
        for (String column : columns) {
            recovered.addAll(solve(column));
        }
        return recovered;
    }

    /** The equations of one column (every mart that has it, joined by the identities), solved. */
    private List<Recovered> solve(String column) {
        Map<Cell, Integer> unknowns = new LinkedHashMap<>();
        List<Equation> equations = new ArrayList<>();
        Map<String, MartDefinition> byName = new TreeMap<>();
        published.keySet().forEach(m -> byName.put(m.name(), m));

        for (var entry : published.entrySet()) {
            MartDefinition mart = entry.getKey();
            if (mart.totalColumn().isEmpty() || mart.measures().stream().noneMatch(m -> m.name().equals(column))) {
                continue;
            }
            String totalColumn = mart.totalColumn().get();
            Map<List<Object>, List<Map<String, Object>>> groups = entry.getValue().stream().collect(Collectors.groupingBy(
                    row -> mart.groupColumns().stream().map(row::get).toList(), LinkedHashMap::new, Collectors.toList()));
            for (List<Map<String, Object>> group : groups.values()) {
                List<Map<String, Object>> totals = group.stream().filter(r -> MartDefinition.TOTAL.equals(r.get(totalColumn))).toList();
                if (totals.size() != 1) {
                    continue;
                }
                Equation equation = new Equation();
                for (Map<String, Object> row : group) {
                    equation.add(cell(mart, row, column), row.get(column), totals.contains(row) ? -1 : 1, unknowns);
                }
                equations.add(equation);
            }
        }
        for (Identity identity : identities) {
            if (!identity.columns().contains(column)) {
                continue;
            }
            MartDefinition a = Objects.requireNonNull(byName.get(identity.a()), identity.a());
            MartDefinition b = Objects.requireNonNull(byName.get(identity.b()), identity.b());
            Map<String, Map<String, Object>> rowsOfB = new TreeMap<>();
            published.get(b).forEach(row -> identity.keyB().apply(row).ifPresent(k -> rowsOfB.put(k, row)));
            for (Map<String, Object> row : published.get(a)) {
                Optional<String> key = identity.keyA().apply(row);
                if (key.isPresent() && rowsOfB.containsKey(key.get())) {
                    Map<String, Object> other = rowsOfB.get(key.get());
                    Equation equation = new Equation();
                    equation.add(cell(a, row, column), row.get(column), 1, unknowns);
                    equation.add(cell(b, other, column), other.get(column), -1, unknowns);
                    equations.add(equation);
                }
            }
        }
        equations.removeIf(e -> e.coefficients.isEmpty());
        return eliminate(equations, unknowns);
    }

    private static Cell cell(MartDefinition mart, Map<String, Object> row, String column) {
        return new Cell(mart.name(), mart.dimensions().stream().map(row::get).toList(), column);
    }

    /** Reduced row echelon form; an unknown is determined exactly when its pivot row has no other unknown. */
    private static List<Recovered> eliminate(List<Equation> equations, Map<Cell, Integer> unknowns) {
        List<Equation> rows = new ArrayList<>(equations);
        List<Cell> cells = new ArrayList<>(unknowns.keySet());
        Map<Integer, Equation> pivots = new TreeMap<>();
        for (int variable = 0; variable < cells.size(); variable++) {
            final int v = variable;
            Equation pivot = rows.stream().filter(r -> !pivots.containsValue(r) && r.coefficients.containsKey(v)).findFirst().orElse(null);
            if (pivot == null) {
                continue;
            }
            pivot.scale(pivot.coefficients.get(v).inverse());
            for (Equation row : rows) {
                if (row != pivot && row.coefficients.containsKey(v)) {
                    row.subtract(pivot, row.coefficients.get(v));
                }
            }
            pivots.put(v, pivot);
        }
        List<Recovered> recovered = new ArrayList<>();
        pivots.forEach((v, row) -> {
            if (row.coefficients.size() == 1) {
                recovered.add(new Recovered(cells.get(v), row.constant.toBigDecimal()));
            }
        });
        return recovered;
    }

    /** sum(coefficient x unknown) = constant, with known values moved to the constant. */
    private static final class Equation {
        final Map<Integer, Fraction> coefficients = new TreeMap<>();
        Fraction constant = Fraction.ZERO;

        void add(Cell cell, Object value, int sign, Map<Cell, Integer> unknowns) {
            if (value == null) {
                int index = unknowns.computeIfAbsent(cell, c -> unknowns.size());
                Fraction sum = coefficients.getOrDefault(index, Fraction.ZERO).add(Fraction.of(sign));
                if (sum.isZero()) {
                    coefficients.remove(index);
                } else {
                    coefficients.put(index, sum);
                }
            } else {
                constant = constant.subtract(Fraction.of(new BigDecimal(value.toString())).multiply(Fraction.of(sign)));
            }
        }

        void scale(Fraction factor) {
            coefficients.replaceAll((k, c) -> c.multiply(factor));
            constant = constant.multiply(factor);
        }

        void subtract(Equation other, Fraction factor) {
            other.coefficients.forEach((k, c) -> {
                Fraction value = coefficients.getOrDefault(k, Fraction.ZERO).subtract(c.multiply(factor));
                if (value.isZero()) {
                    coefficients.remove(k);
                } else {
                    coefficients.put(k, value);
                }
            });
            constant = constant.subtract(other.constant.multiply(factor));
        }
    }

    /** An exact rational number. */
    private record Fraction(BigInteger numerator, BigInteger denominator) {
        static final Fraction ZERO = new Fraction(BigInteger.ZERO, BigInteger.ONE);

        static Fraction of(long value) {
            return new Fraction(BigInteger.valueOf(value), BigInteger.ONE);
        }

        static Fraction of(BigDecimal value) {
            return value.scale() >= 0 ? reduce(value.unscaledValue(), BigInteger.TEN.pow(value.scale()))
                    : new Fraction(value.toBigIntegerExact(), BigInteger.ONE);
        }

        static Fraction reduce(BigInteger n, BigInteger d) {
            if (d.signum() < 0) {
                n = n.negate();
                d = d.negate();
            }
            BigInteger gcd = n.gcd(d);
            return gcd.signum() == 0 ? ZERO : new Fraction(n.divide(gcd), d.divide(gcd));
        }

        Fraction add(Fraction o) {
            return reduce(numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)), denominator.multiply(o.denominator));
        }

        Fraction subtract(Fraction o) {
            return add(new Fraction(o.numerator.negate(), o.denominator));
        }

        Fraction multiply(Fraction o) {
            return reduce(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
        }

        Fraction inverse() {
            return reduce(denominator, numerator);
        }

        boolean isZero() {
            return numerator.signum() == 0;
        }

        BigDecimal toBigDecimal() {
            return new BigDecimal(numerator).divide(new BigDecimal(denominator), java.math.MathContext.DECIMAL128);
        }
    }
}
