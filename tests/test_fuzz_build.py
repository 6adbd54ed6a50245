"""Mutated copies of the real package are refused cleanly (one escaped problem per line, no traceback,
the previous database byte for byte as it was) or built whole: a seeded, bounded run of
tests/package_fuzz.py. bench/fuzz_build.py runs the long one."""

import collections

from tests.package_fuzz import MUTATIONS, run

# The suite's share of the fuzzing: about 45 seconds (about 0.5 s per case on the project's machine).
SEED, CASES, SECONDS = 20261201, 400, 45


def test_mutated_packages_are_refused_cleanly_or_built_whole(tmp_path):
    outcomes, found, done = run(SEED, CASES, SECONDS, tmp_path)
    assert done >= 2 * len(MUTATIONS), f"only {done} cases in {SECONDS} s"
    assert not found, {fault: cases[:3] for fault, cases in found.items()}
    # Every kind of mutation ran, and the run saw both refusals and harmless changes that still build.
    assert set(outcomes) == set(MUTATIONS)
    total = sum(outcomes.values(), collections.Counter())
    assert total["refused"] and total["built"]
