"""The round trip: a community simulated by commsim, written out as a generic
CSV event log, read back with `commsim observe`, gives the simulation's own
daily metrics exactly (issue 16, "Must show").

`commsim.event_log` runs the same run as `commsim.run` with its events traced
(tracing draws nothing); `commsim.chat.write_csv` writes them in the generic
layout; `commsim observe` (the command line) reads the file, pseudonymises the
authors again and writes an observed results file. Every daily metric that
both the model (`commsim describe community`) and the reader
(`commsim.chat.metrics.TIMESERIES`) define is compared day by day with `==`:
members, joins, leaves, posts, authors, active_share, reply_share and
unanswered_share (`new_authors` is the reader's only). Where the two differ
by definition, the test states the exact relation instead of dropping the
day:

- The organizer is not a person of the model's population, so the model
  counts its posts in `posts` but never among `members` or `authors`; in the
  export its posts have one author (docs/observed.md, "Round trip"), whom the
  reader sees as one more member from its first post on and as one more
  author on the days it posts. The test adds exactly that to the model's
  figures (and to the numerator and denominator of `active_share`).
- Seed members are written as joins on day 0 (cause `created`): the reader
  counts them in day 0's `joins`, the model does not count seeds as joins.
- On the last day no post has its whole 24-hour answer window inside the log,
  so the reader leaves the day's `unanswered_share` undefined (NaN).
- Ads and moderation: the model's `posts` and `authors` count posts before
  moderation, and its `unanswered_share` leaves ads out; an export shows
  neither removed posts nor which posts are ads. The exact comparison
  therefore runs a community without ads (organizer ads and member spam off);
  `test_moderated_posts_are_missing_from_the_export` checks that, with ads
  and ad removal (members with fit below 0.5 spamming, half of it removed),
  the export's posts are exactly the model's less those removed.
"""

import subprocess

import numpy as np
import pytest

import commsim
from commsim import chat

# The community (tests/data/roundtrip_community.yaml): 3,000 people, 50
# seeds, 75 days; it grows past one group (a clone), loses impatient members
# and answers some newcomers through helpers.
NO_ADS = {"community.content.ad_share": 0, "behaviour.spam_fit": 0}

HOST_COMPARED = ("posts", "joins", "leaves", "reply_share", "unanswered_share")


def simulate_and_observe(test_data, overrides, tmp_path, commsim_exe):
    scenario = commsim.Scenario.load(test_data / "roundtrip_community.yaml", overrides=overrides)
    results = commsim.run(scenario, threads=2, progress=False)
    events = commsim.event_log(scenario, run=0, start="2025-03-01")
    log = chat.write_csv(events, tmp_path / "events.csv")
    out = tmp_path / "observed.h5"
    r = subprocess.run([commsim_exe, "observe", log, "-o", out], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    observed = commsim.open(out)
    model = {name: values[0] for name, values in results.timeseries.items()}
    seen = {name: observed[name].values[0] for name in chat.metrics.TIMESERIES}
    return scenario, results, events, model, seen, observed


def host_figures(events, population, days):
    """Per day: whether the organizer (the host) has posted by then, posted that day,
    and posted in the last 7 days."""
    host = events.author == population
    post_days = (events.time[host & (events.kind == chat.POST)] // 86400
                 - events.time.min() // 86400)
    posted = np.zeros(days, bool)
    posted[post_days] = True
    member = np.cumsum(posted) > 0
    active = np.convolve(posted, np.ones(7, int))[:days] > 0
    return member.astype(int), posted.astype(int), active.astype(int)


@pytest.fixture(scope="module")
def no_ads(test_data, tmp_path_factory, commsim_exe):
    return simulate_and_observe(test_data, NO_ADS, tmp_path_factory.mktemp("no_ads"),
                                commsim_exe)


def test_the_round_trip_is_exact(no_ads):
    scenario, results, events, model, seen, observed = no_ads
    days = scenario.days + 1
    assert observed.sizes["day"] == days
    assert observed.attrs["start_date"] == "2025-03-01"
    joins = model["joins"].sum(axis=1)
    leaves = model["leaves"]
    # The community does what the comparison needs.
    assert joins[1:].sum() > 100 and leaves.sum() > 20 and model["replies"].sum() > 100
    assert model["welcome_replies"].sum() > 0 and model["groups"][-1] > 1

    for name in HOST_COMPARED:
        expected = model[name].sum(axis=1) if name == "joins" else model[name]
        got = seen[name]
        if name == "joins":
            assert got[0] == scenario.values["community.seed_members"]
            expected, got = expected[1:], got[1:]
        if name == "unanswered_share":
            assert np.isnan(got[-1])
            expected, got = expected[:-1], got[:-1]
        np.testing.assert_array_equal(got, expected, err_msg=name)

    host_member, host_posted, host_active = host_figures(events, scenario.population_size, days)
    assert host_posted.sum() > 0
    np.testing.assert_array_equal(seen["members"], model["members"] + host_member)
    np.testing.assert_array_equal(seen["authors"], model["authors"] + host_posted)
    active = np.round(model["active_share"] * model["members"])
    np.testing.assert_array_equal(seen["active_share"],
                                  (active + host_active) / (model["members"] + host_member))


def test_summaries_that_both_define_agree(no_ads):
    scenario, results, events, model, seen, observed = no_ads
    summary = {name: results.summary[name][0] for name in results.summary}
    got = {name[len("summary_"):]: float(observed[name].values[0])
           for name in observed.data_vars if name.startswith("summary_")}
    for name in ("posts_total", "replies_total", "churns_total", "members_final", "retention_30"):
        assert got[name] == summary[name] + (1 if name == "members_final" else 0), name
    assert got["joins_total"] == summary["joins_total"] + scenario.values[
        "community.seed_members"]


def test_a_traced_run_is_the_run(no_ads, tmp_path):
    """Tracing draws nothing: the run commsim.run gave is the traced one (posts and
    joins line up with the trace, which came from a second, traced run)."""
    scenario, results, events, model, seen, observed = no_ads
    day = events.time // 86400 - events.time.min() // 86400
    posts = np.bincount(day[events.kind == chat.POST], minlength=scenario.days + 1)
    np.testing.assert_array_equal(posts, model["posts"])
    again = commsim.event_log(scenario, run=0, start="2025-03-01")
    for column in ("time", "author", "kind", "reply_to", "cause", "by"):
        np.testing.assert_array_equal(getattr(again, column), getattr(events, column))


def test_moderated_posts_are_missing_from_the_export(test_data, tmp_path, commsim_exe):
    scenario, results, events, model, seen, observed = simulate_and_observe(
        test_data, {"behaviour.spam_fit": 0.5}, tmp_path, commsim_exe)
    removed = model["ads_removed"] + model["posts_removed"]
    assert removed.sum() > 0
    np.testing.assert_array_equal(seen["posts"], model["posts"] - removed)
    np.testing.assert_array_equal(seen["leaves"], model["leaves"])
    np.testing.assert_array_equal(seen["joins"][1:], model["joins"].sum(axis=1)[1:])


def test_event_log_errors(test_data, tmp_path):
    path = test_data / "roundtrip_community.yaml"
    with pytest.raises(commsim.InputError, match="run 4 does not exist"):
        commsim.event_log(path, run=4)
    with pytest.raises(ValueError, match="run must be"):
        commsim.event_log(path, run=-1)
    with pytest.raises(TypeError, match="start must be a date"):
        commsim.event_log(path, start=20250301)
    bass = tmp_path / "bass.yaml"
    bass.write_text("model: bass\nseed: 1\ndays: 3\n"
                    "population: {size: 100, graph: {kind: complete}}\n")
    with pytest.raises(ValueError, match="records no chat events"):
        commsim.event_log(bass)


def test_events_spread_over_each_day_in_order():
    seconds = chat.simulated.seconds_within_days(np.array([0, 0, 0, 1, 2, 2]))
    assert seconds.tolist() == [28799, 57599, 86399, 86399, 43199, 86399]
