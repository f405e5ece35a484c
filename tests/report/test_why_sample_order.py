"""The Why section's row sample (why/sizing.sized_sample) shuffles the index alone (issue 27 item 10: shuffling
the whole frame copied a million rows to read their order); the rows and their order are those of shuffling
the frame, as before."""

from __future__ import annotations

from explainers.why.sizing import sized_sample


def test_the_sample_is_the_frames_own_shuffle(german_case):
    for seed in (0, 7):
        found = sized_sample(german_case, 30.0, 50, 20, seed)
        assert found.rows == list(german_case.X.sample(50, random_state=seed).index)
