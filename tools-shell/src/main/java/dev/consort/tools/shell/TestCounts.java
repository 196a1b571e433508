package dev.consort.tools.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test counts summed over JUnit-style reports. {@code passed = tests - failed - errors - skipped}.
 *
 * @param tests    test cases run
 * @param failed   failed assertions
 * @param errors   unexpected exceptions
 * @param skipped  skipped or disabled
 * @param failures the failed and broken cases, in report order; not null
 */
record TestCounts(int tests, int failed, int errors, int skipped, List<TestFailure> failures) {

    static final TestCounts NONE = new TestCounts(0, 0, 0, 0, List.of());

    TestCounts {
        if (tests < 0 || failed < 0 || errors < 0 || skipped < 0 || failed + errors + skipped > tests) {
            throw new IllegalArgumentException("inconsistent counts: tests " + tests + ", failed " + failed
                + ", errors " + errors + ", skipped " + skipped);
        }
        failures = List.copyOf(failures);
    }

    int passed() {
        return tests - failed - errors - skipped;
    }

    TestCounts plus(TestCounts other) {
        List<TestFailure> all = new ArrayList<>(failures);
        all.addAll(other.failures);
        return new TestCounts(tests + other.tests, failed + other.failed, errors + other.errors,
            skipped + other.skipped, all);
    }

    String summary() {
        return tests + " tests, " + passed() + " passed, " + failed + " failed, " + errors + " errors, "
            + skipped + " skipped";
    }

    Map<String, Object> asData(int maxFailures) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tests", tests);
        data.put("passed", passed());
        data.put("failed", failed);
        data.put("errors", errors);
        data.put("skipped", skipped);
        data.put("failures", failures.stream().limit(maxFailures).map(TestFailure::asData).toList());
        return data;
    }
}
