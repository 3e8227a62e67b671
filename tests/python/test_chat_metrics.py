"""Observed metrics: exact figures on the small exports (worked out by hand,
see the comments), the model's inequality definitions, and the figures of
the real Slack log in shared/data/communities."""

import math
import warnings
from datetime import date

import numpy as np
import pandas as pd
import pytest

from commsim import chat
from commsim.chat import metrics

SALT = "test"
nan = math.nan


def series(observed, **expected):
    for name, values in expected.items():
        np.testing.assert_allclose(observed.timeseries[name], values, equal_nan=True,
                                   err_msg=name)


def summary(observed, **expected):
    for name, value in expected.items():
        assert observed.summary[name] == pytest.approx(value, nan_ok=True), name


def test_telegram_group(test_data):
    events = chat.read_telegram(test_data / "chat" / "telegram_group.json", salt=SALT)
    observed = chat.observe(events, return_days=3)
    assert observed.start == date(2023, 3, 1) and observed.days == 7 and observed.tz == "UTC"
    series(observed,
           # Zoe, Oleg, Mario, Li; + Anna; - Mario; - Anna; + Pedro; ; + the deleted account
           members=[4, 5, 4, 3, 4, 4, 5],
           joins=[4, 1, 0, 0, 1, 0, 0], leaves=[0, 0, 1, 1, 0, 0, 0],
           posts=[2, 2, 0, 1, 1, 1, 2], authors=[2, 2, 0, 1, 1, 1, 2],
           new_authors=[2, 2, 0, 0, 1, 1, 1],
           # day 2: Mario posted but left; day 3: Oleg, a member, never posted yet
           active_share=[2 / 4, 4 / 5, 3 / 4, 2 / 3, 3 / 4, 1, 1],
           reply_share=[1 / 2, 1 / 2, nan, 1, 0, 0, 1 / 2],
           # day 1: Li answered only themself; day 4: Pedro answered after two days;
           # day 6: the last post's 24 hours are not observed
           unanswered_share=[0, 1, nan, nan, 1, 1, nan])
    summary(observed,
            people=7, posting_authors=7, posts_total=9, replies_total=4, joins_total=6,
            churns_total=2, members_final=5, members_peak=5, active_share_final=1,
            authors_daily_mean=9 / 7, days_without_posts_share=1 / 7,
            # posts per person 2, 2, 1, 1, 1, 1, 1
            posts_top1_share=2 / 9, posts_top10_share=2 / 9, posts_gini=10 / 63,
            posts_top1_share_ever_members=2 / 9, posts_gini_ever_members=10 / 63,
            single_post_author_share=5 / 7,
            # seen (first post at least 24 h before the end): all but the deleted account;
            # answered within 24 h: Zoe (by Mario), Mario (by Anna, 21.5 h later)
            newcomers=7, newcomer_answered_share=2 / 6, newcomer_answered_strict_share=2 / 6,
            # returns within 3 days, seen for first posts on days 0-3: Zoe, Mario, Anna, Li;
            # only Li returned (day 1 -> day 3)
            newcomer_return_share=1 / 4, author_return_share=1 / 4,
            newcomer_return_share_answered=0, newcomer_return_share_unanswered=1 / 2,
            sign_ups=6, sign_ups_posting_share=1, sign_ups_posting_share_30d=1,
            # delays 5 min, 5 min, 30 min, 1 h, 26 h, 5 d 1 h: median 45 min
            join_to_first_post_median_days=45 / 1440,
            retention_30=nan, retention_active_30=nan)
    # Pedro's first post got its reply 48 hours later: strict rule without a time limit
    untimed = chat.observe(events, strict_hours=None)
    summary(untimed, newcomer_answered_strict_share=3 / 7, newcomer_answered_share=2 / 6)
    later = chat.observe(events, since="2023-03-02")  # Anna, Li, Pedro, Oleg, deleted
    summary(later, newcomers=5, newcomer_answered_share=0)


def test_whatsapp_chat(test_data):
    events = chat.read_whatsapp(test_data / "chat" / "whatsapp_android_24h.txt",
                                tz="Europe/Berlin", salt=SALT)
    observed = chat.observe(events, tz="Europe/Berlin", return_days=4)
    assert observed.start == date(2023, 2, 14) and observed.days == 7
    series(observed,
           members=[4, 5, 4, 4, 4, 4, 4], joins=[4, 1, 0, 1, 0, 0, 0],
           leaves=[0, 0, 1, 1, 0, 0, 0], posts=[3, 1, 1, 1, 1, 1, 1],
           active_share=[3 / 4, 4 / 5, 1, 1, 1, 1, 1],
           reply_share=[nan] * 7, unanswered_share=[nan] * 7)
    summary(observed,
            people=6, posting_authors=6, posts_total=9, replies_total=nan,
            posts_top1_share=3 / 9, posts_gini=13 / 54, single_post_author_share=4 / 6,
            newcomer_answered_share=nan, newcomer_return_share_answered=nan,
            # first posts on days 0-2 are seen for 4 days: Zoe returned on day 4
            newcomer_return_share=1 / 5,
            join_to_first_post_median_days=25.5 / 1440)
    assert any("records no replies" in note for note in observed.notes)
    # Calendar days in UTC: the post at 00:30 Berlin time falls on the day before.
    in_utc = chat.observe(events)
    series(in_utc, posts=[3, 1, 1, 1, 2, 0, 1])


def test_csv_log_with_leaves_and_cohorts(test_data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", chat.ChatWarning)
        events = chat.read_csv(test_data / "chat" / "events_offset.csv", salt=SALT)
    observed = chat.observe(events)
    assert observed.start == date(2022, 1, 1) and observed.days == 183
    members = observed.timeseries["members"]
    # a joins day 0, b day 1, c day 3 (08:00 in Tokyo is the day before in UTC), d day 19,
    # c leaves day 45, e posts without a join day 59, b leaves day 120, d leaves day 182
    assert members[[0, 1, 2, 3, 18, 19, 44, 45, 58, 59, 119, 120, 181, 182]].tolist() == \
        [1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4, 3, 3, 2]
    assert np.flatnonzero(observed.timeseries["joins"]).tolist() == [0, 1, 3, 19]
    active = observed.timeseries["active_share"]
    assert active[[7, 8, 9, 10, 11, 15, 16, 19, 59, 65, 66, 181, 182]].tolist() == \
        pytest.approx([1, 2 / 3, 1, 2 / 3, 1 / 3, 1 / 3, 0, 0, 1 / 4, 1 / 4, 0, 1 / 3, 1 / 2])
    summary(observed,
            members_final=2, members_peak=4, churns_total=3, replies_total=2,
            posts_gini=0.25, posts_top1_share=3 / 8, single_post_author_share=3 / 5,
            newcomer_answered_share=2 / 5, newcomer_return_share=2 / 5,
            newcomer_return_share_answered=1 / 2, newcomer_return_share_unanswered=1 / 3,
            sign_ups=4, sign_ups_posting_share=1, sign_ups_posting_share_30d=3 / 4,
            join_to_first_post_median_days=20 / 1440,
            # joined on days 1-30: b (leaves day 120), c (day 45), d (day 182)
            retention_30=1, retention_90=2 / 3, retention_180=1 / 3,
            # posted on days 1-30: b, c; days 61-90: d; days 151-180: nobody
            retention_active_30=2 / 3, retention_active_90=1 / 3, retention_active_180=0)
    cohorts = observed.cohorts
    assert cohorts["month"].tolist() == ["2022-01"] and cohorts["joined"].tolist() == [4]
    row = cohorts.iloc[0]
    assert (row.observed_30, row.observed_90, row.observed_180) == (4, 4, 2)
    assert (row.still_member_30, row.still_member_90, row.still_member_180) == (1, 0.75, 0.5)
    assert (row.still_active_30, row.still_active_90, row.still_active_180) == (0.5, 0.25, 0)
    # In Tokyo's calendar c joins on day 4.
    tokyo = chat.observe(events, tz="Asia/Tokyo")
    assert np.flatnonzero(tokyo.timeseries["joins"]).tolist() == [0, 1, 4, 19]


def test_without_leaves_membership_retention_is_not_claimed(tmp_path):
    path = tmp_path / "log.csv"
    rows = ["2022-01-01T00:00:00Z,a,post,"] + [f"2022-01-{d:02d}T00:00:00Z,p{d},join,"
                                                for d in range(2, 12)]
    rows += ["2022-01-20T00:00:00Z,p2,post,", "2022-07-01T00:00:00Z,a,post,"]
    path.write_text("timestamp_utc,author,event,reply_to\n" + "\n".join(rows) + "\n")
    observed = chat.observe(chat.read_csv(path, salt=SALT))
    # joined on days 1-30: p2 .. p11; p2 posted on day 19
    summary(observed, retention_30=nan, retention_90=nan, retention_180=nan,
            retention_active_30=1 / 10, retention_active_90=0, retention_active_180=0)
    assert np.isnan(observed.cohorts["still_member_30"]).all()
    assert any("retention would be 1 by construction" in note for note in observed.notes)
    # posts: a 2, p2 1; everyone who was ever a member adds nine zeros
    summary(observed, posts_gini=1 / 6, posts_gini_ever_members=28 / 33,
            posts_top1_share=2 / 3, posts_top1_share_ever_members=2 / 3,
            posts_top10_share_ever_members=1)


def test_inequality_matches_the_model():
    # ceil(1% of 359) = 4 and ceil(10% of 359) = 36 people, as the README counts
    posts = np.arange(1, 360)
    top1, top10, gini = chat.inequality(posts)
    assert top1 == pytest.approx(posts[-4:].sum() / posts.sum())
    assert top10 == pytest.approx(posts[-36:].sum() / posts.sum())
    x = np.sort(posts)
    n = x.size
    assert gini == pytest.approx(((2 * np.arange(1, n + 1) - n - 1) * x).sum() / (n * x.sum()))
    assert chat.inequality([0, 0, 5]) == (1.0, 1.0, pytest.approx(2 / 3))
    assert all(math.isnan(v) for v in chat.inequality([0, 0]))


def test_every_metric_has_a_unit_and_a_line_of_doc(test_data):
    events = chat.read_telegram(test_data / "chat" / "telegram_group.json", salt=SALT)
    observed = chat.observe(events)
    names = set(observed.timeseries) | set(observed.summary)
    assert names == set(observed.units) == set(observed.docs)
    assert all(observed.docs[n] and "\n" not in observed.docs[n] for n in names)
    assert all(v.shape == (observed.days,) for v in observed.timeseries.values())
    assert set(metrics.SUMMARY) == set(observed.summary)


@pytest.fixture(scope="module")
def slack_folder(source_dir):
    folder = source_dir.parent / "shared" / "data" / "communities"
    if not (folder / "haskelljp_slack_events.csv").exists():
        pytest.skip(f"{folder} is absent (the shared data folder is not next to the repository)")
    return folder


@pytest.fixture(scope="module")
def slack(slack_folder):
    return chat.read_csv(slack_folder / "haskelljp_slack_events.csv")


def test_real_slack_log_reproduces_its_readme(slack, slack_folder):
    overall = chat.observe(slack)
    summary(overall, posting_authors=359, people=957, sign_ups=831, posts_total=18956,
            replies_total=2550, churns_total=0)
    s = overall.summary
    # "share of posts by the top 1% of authors 36.7% (4 authors), top 10% 79.3% (36
    # authors); Gini of posts per author 0.854; authors with a single post 20.9%"
    assert round(s["posts_top1_share"], 3) == 0.367
    assert round(s["posts_top10_share"], 3) == 0.793
    assert round(s["posts_gini"], 3) == 0.854
    assert round(s["single_post_author_share"], 3) == 0.209
    # "28% of sign-ups ever post, 19.7% within 30 days of joining; median 0.74 days"
    assert round(s["sign_ups_posting_share"], 2) == 0.28
    assert round(s["sign_ups_posting_share_30d"], 3) == 0.197
    assert round(s["join_to_first_post_median_days"], 2) == 0.74
    # "daily active authors: mean 2.4, median 2, 90th percentile 6; 33.6% of days without
    # a post"
    authors = overall.timeseries["authors"]
    assert round(authors.mean(), 1) == 2.4 and np.median(authors) == 2
    assert np.percentile(authors, 90) == 6
    assert round(s["days_without_posts_share"], 3) == 0.336
    # "30-day return after the first post: 47.2% of 358 authors" (the last author's first
    # post is less than 30 days before the end of the log)
    assert round(s["author_return_share"], 3) == 0.472
    assert s["author_return_share"] == pytest.approx(169 / 358)
    # Slack records no leaves: membership retention is not claimed
    assert math.isnan(s["retention_30"])
    # The daily table next to the log, day by day.
    daily = pd.read_csv(slack_folder / "haskelljp_slack_daily.csv")
    assert overall.start.isoformat() == daily["date"].iloc[0] and overall.days == len(daily)
    for ours, theirs in (("posts", "posts"), ("authors", "active_authors"),
                         ("new_authors", "new_authors"), ("joins", "joins"),
                         ("leaves", "leaves")):
        assert np.array_equal(overall.timeseries[ours], daily[theirs]), ours
    # "monthly new authors: mean 3.2": over the months after the first, in which
    # everyone is new because the log starts
    month = pd.to_datetime(daily["date"]).dt.strftime("%Y-%m")
    monthly = pd.Series(overall.timeseries["new_authors"]).groupby(month.to_numpy()).sum()
    assert round(monthly.iloc[1:].mean(), 1) == 3.2


def test_real_slack_log_newcomers_since_2021(slack):
    # "newcomers with a first post from 2021-01-01 (117): 43.6% got a reply within 24
    # hours (any post replying to theirs); of those, 58.8% returned within 30 days,
    # against 38.5% of those without one"
    any_rule = chat.observe(slack, since="2021-01-01")
    s = any_rule.summary
    assert s["newcomers"] == 117
    assert round(s["newcomer_answered_share"], 3) == 0.436
    assert round(s["newcomer_return_share_answered"], 3) == 0.588
    assert round(s["newcomer_return_share_unanswered"], 3) == 0.385
    # "with the strict rule (a reply to the first post itself): 40.2% got one, returns
    # 57.4% vs 40.6%" -- the README counts a reply to the first post at any time; within
    # 24 hours (strict_hours=24, the default) it is 44 of 117.
    assert s["newcomer_answered_strict_share"] == pytest.approx(44 / 117)
    untimed = chat.observe(slack, since="2021-01-01", strict_hours=None).summary
    assert round(untimed["newcomer_answered_strict_share"], 3) == 0.402
    assert round(untimed["newcomer_return_share_answered_strict"], 3) == 0.574
    assert round(untimed["newcomer_return_share_unanswered_strict"], 3) == 0.406
