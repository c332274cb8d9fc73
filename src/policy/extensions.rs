//! Built-in functions vmlint adds to Rego, for work that is a loop in Rust and a quadratic
//! comprehension in Rego. Every engine gets them — the run's, and `vmlint test`'s, so user
//! policies and their tests can call them too.
//!
//! `vmlint.crowded_windows(starts, window)`: `starts` is one list of start times (minutes of a
//! week) per job, `window` a length in minutes. For each job that shares a window with another,
//! the most crowded window it is in: `{"job": i, "start": minute, "size": n, "others": [j, …],
//! "all_daily": bool}` — `others` are the first five other jobs (indices into `starts`), so a
//! storm of hundreds costs no more than one of five; `all_daily` says every job in the window
//! starts once a day at one time. A window `[t, t + window)` wraps around the end of the
//! week, so 23:55 on Sunday and 00:05 on Monday are ten minutes apart.
//!
//! `vmlint.first_within(opens, starts, window)`: the first `[open, start]` where a start falls
//! within `window` minutes after an open (a replication starting in a backup's window).
//!
//! `vmlint.shared_keys(items, field)`: see below.
//!
//! `vmlint.equal_groups(keys)`: for each index of `keys`, `{"first": i, "count": n}` — the index
//! of the first key equal to it and how many keys are (a job's first instance, and how many
//! instances share its place), in one pass instead of a scan per key.

use anyhow::{bail, Result};
use regorus::{Engine, Value};

use crate::model::schedule::WEEK;

pub fn register(engine: &mut Engine) -> Result<()> {
    engine.add_extension(
        "vmlint.crowded_windows".to_string(),
        2,
        Box::new(|params: Vec<Value>| crowded_windows_value(&params)),
    )?;
    engine.add_extension(
        "vmlint.shared_keys".to_string(),
        2,
        Box::new(|params: Vec<Value>| shared_keys_value(&params)),
    )?;
    engine.add_extension(
        "vmlint.equal_groups".to_string(),
        1,
        Box::new(|params: Vec<Value>| equal_groups_value(&params)),
    )?;
    engine.add_extension(
        "vmlint.first_within".to_string(),
        3,
        Box::new(|params: Vec<Value>| first_within_value(&params)),
    )
}

/// `vmlint.equal_groups(keys)`: each key's group — the index of the first equal key and the
/// group's size.
fn equal_groups_value(params: &[Value]) -> Result<Value> {
    let [keys] = params else {
        bail!("vmlint.equal_groups(keys) takes one argument");
    };
    let keys = keys.as_array()?;
    let mut groups: std::collections::BTreeMap<&Value, (usize, usize)> =
        std::collections::BTreeMap::new();
    for (index, key) in keys.iter().enumerate() {
        groups.entry(key).or_insert((index, 0)).1 += 1;
    }
    let (first, count) = (Value::from("first"), Value::from("count"));
    Ok(Value::from(
        keys.iter()
            .map(|key| {
                let (at, size) = groups[key];
                let mut group = std::collections::BTreeMap::new();
                group.insert(first.clone(), Value::from(at));
                group.insert(count.clone(), Value::from(size));
                Value::from(group)
            })
            .collect::<Vec<_>>(),
    ))
}

/// `vmlint.first_within(opens, starts, window)`: the first window `[open, open + window)` (of
/// the minutes of the week in `opens`) that one of `starts` falls in, wrapping around the
/// week, as `[open, start]`; `[]` when none does. Both lists sorted; one pass per open.
fn first_within_value(params: &[Value]) -> Result<Value> {
    let [opens, starts, window] = params else {
        bail!("vmlint.first_within(opens, starts, window) takes three arguments");
    };
    let window = window.as_i64()?;
    let minutes = |list: &Value| -> Result<Vec<i64>> {
        list.as_array()?
            .iter()
            .map(|minute| minute.as_i64())
            .collect()
    };
    let (opens, starts) = (minutes(opens)?, minutes(starts)?);
    Ok(Value::from(
        first_within(&opens, &starts, window)
            .map(|(open, start)| vec![Value::from(open), Value::from(start)])
            .unwrap_or_default(),
    ))
}

fn first_within(opens: &[i64], starts: &[i64], window: i64) -> Option<(i64, i64)> {
    let week = i64::from(WEEK);
    opens.iter().find_map(|&open| {
        // The first start at or after `open`, else the week's first (wrapping).
        let index = starts.partition_point(|&start| start < open);
        let start = starts.get(index).or_else(|| starts.first())?;
        ((start - open + week) % week < window).then_some((open, *start))
    })
}

/// `vmlint.shared_keys(items, field)`: each item's `field` is a list of entries, each an
/// object with a string `key`. Returns the keys that two or more items hold, as
/// `{"key": k, "holders": [[item index, entry], …]}` — one pass in Rust instead of a grouping
/// comprehension over ten thousand workloads in Rego.
fn shared_keys_value(params: &[Value]) -> Result<Value> {
    let [items, field] = params else {
        bail!("vmlint.shared_keys(items, field) takes two arguments");
    };
    let field = Value::from(field.as_string()?.as_ref());
    let key_name = Value::from("key");
    let mut by_key: std::collections::BTreeMap<Value, Vec<(usize, Value)>> =
        std::collections::BTreeMap::new();
    for (index, item) in items.as_array()?.iter().enumerate() {
        let Ok(object) = item.as_object() else {
            continue;
        };
        let Some(entries) = object.get(&field) else {
            continue;
        };
        let Ok(entries) = entries.as_array() else {
            continue;
        };
        for entry in entries.iter() {
            if let Some(key) = entry
                .as_object()
                .ok()
                .and_then(|entry| entry.get(&key_name))
            {
                by_key
                    .entry(key.clone())
                    .or_default()
                    .push((index, entry.clone()));
            }
        }
    }
    let groups: Vec<Value> = by_key
        .into_iter()
        .filter(|(_, holders)| holders.iter().any(|(index, _)| *index != holders[0].0))
        .map(|(key, holders)| {
            let holders: Vec<Value> = holders
                .into_iter()
                .map(|(index, entry)| Value::from(vec![Value::from(index as u64), entry]))
                .collect();
            let mut group = std::collections::BTreeMap::new();
            group.insert(Value::from("key"), key);
            group.insert(Value::from("holders"), Value::from(holders));
            Value::from(group)
        })
        .collect();
    Ok(Value::from(groups))
}

fn crowded_windows_value(params: &[Value]) -> Result<Value> {
    let [starts, window] = params else {
        bail!("vmlint.crowded_windows(starts, window) takes two arguments");
    };
    let window = window.as_i64()?;
    if window <= 0 {
        bail!("vmlint.crowded_windows: the window must be a positive number of minutes");
    }
    let mut jobs: Vec<Vec<u32>> = Vec::new();
    for job in starts.as_array()?.iter() {
        let mut times = Vec::new();
        for time in job.as_array()?.iter() {
            let minute = time.as_i64()?;
            if !(0..i64::from(WEEK)).contains(&minute) {
                bail!("vmlint.crowded_windows: start {minute} is not a minute of the week");
            }
            times.push(minute as u32);
        }
        jobs.push(times);
    }
    let crowds = crowded_windows(&jobs, window.min(i64::from(WEEK)) as u32);
    let daily: Vec<bool> = jobs.iter().map(|starts| is_daily(starts)).collect();
    let items: Vec<Value> = crowds
        .into_iter()
        .map(|crowd| {
            let others: Vec<usize> = crowd
                .members
                .iter()
                .copied()
                .filter(|member| *member != crowd.job)
                .take(SHOWN)
                .collect();
            Value::from(serde_json::json!({
                "job": crowd.job,
                "start": crowd.start,
                "size": crowd.members.len(),
                "others": others,
                "all_daily": crowd.members.iter().all(|member| daily[*member]),
            }))
        })
        .collect();
    Ok(Value::from(items))
}

/// How many other jobs a crowd names.
const SHOWN: usize = 5;

/// Seven starts a week, all at one time of day.
fn is_daily(starts: &[u32]) -> bool {
    starts.len() == 7 && starts.iter().all(|start| start % 1440 == starts[0] % 1440)
}

/// The most crowded window of one job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crowd {
    pub job: usize,
    pub start: u32,
    pub members: Vec<usize>,
}

/// Every window of `window` minutes that opens at a start time, with the jobs that start in
/// it (in the order they entered): the one sweep over a week of starts that VML303's
/// `crowded_windows` and the HTML report's backup week share. Windows wrap around the week.
pub fn each_window(jobs: &[Vec<u32>], window: u32, mut visit: impl FnMut(u32, &[usize])) {
    // Every start, twice: the second copy a week later, so windows wrap around.
    let mut events: Vec<(u32, usize)> = jobs
        .iter()
        .enumerate()
        .flat_map(|(job, times)| times.iter().map(move |time| (*time, job)))
        .collect();
    events.sort_unstable();
    events.dedup();
    let first_week = events.len();
    let wrapped: Vec<(u32, usize)> = events
        .iter()
        .map(|(time, job)| (time + WEEK, *job))
        .collect();
    events.extend(wrapped);

    let mut in_window = vec![0usize; jobs.len()];
    let mut members: Vec<usize> = Vec::new();
    let mut end = 0;
    for begin in 0..first_week {
        let start = events[begin].0;
        while end < events.len() && events[end].0 < start + window {
            let job = events[end].1;
            if in_window[job] == 0 {
                members.push(job);
            }
            in_window[job] += 1;
            end += 1;
        }
        visit(start, &members);
        // The anchor leaves the window.
        let job = events[begin].1;
        in_window[job] -= 1;
        if in_window[job] == 0 {
            members.retain(|member| *member != job);
        }
    }
}

/// Each job's most crowded window (the first of the largest), for jobs that share one.
pub fn crowded_windows(jobs: &[Vec<u32>], window: u32) -> Vec<Crowd> {
    let mut best: Vec<Option<Crowd>> = vec![None; jobs.len()];
    each_window(jobs, window, |start, members| {
        if members.len() < 2 {
            return;
        }
        let mut sorted = members.to_vec();
        sorted.sort_unstable();
        for &job in members {
            let better = best[job]
                .as_ref()
                .is_none_or(|crowd| crowd.members.len() < sorted.len());
            if better {
                best[job] = Some(Crowd {
                    job,
                    start,
                    members: sorted.clone(),
                });
            }
        }
    });
    best.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u32 = 24 * 60;

    fn daily(minute: u32) -> Vec<u32> {
        (0..7).map(|day| day * DAY + minute).collect()
    }

    #[test]
    fn the_first_start_within_a_window_wraps_around_the_week() {
        let week = i64::from(WEEK);
        assert_eq!(first_within(&[1320], &[0, 1380], 120), Some((1320, 1380)));
        assert_eq!(
            first_within(&[week - 30], &[30, 4000], 120),
            Some((week - 30, 30))
        );
        assert_eq!(first_within(&[1320], &[120, 1500], 120), None);
        assert_eq!(first_within(&[1320], &[], 120), None);
    }

    #[test]
    fn jobs_inside_one_window_crowd_it_and_twenty_minutes_apart_do_not() {
        let jobs = vec![daily(60), daily(65), daily(70), daily(90)];
        let crowds = crowded_windows(&jobs, 15);
        assert_eq!(crowds.len(), 3);
        assert!(crowds.iter().all(|crowd| crowd.members == [0, 1, 2]));
        assert!(crowded_windows(&[daily(60), daily(80)], 15).is_empty());
    }

    #[test]
    fn windows_wrap_around_midnight_and_the_end_of_the_week() {
        let jobs = vec![daily(23 * 60 + 55), daily(5)];
        let crowds = crowded_windows(&jobs, 15);
        assert_eq!(crowds.len(), 2);
        assert_eq!(crowds[0].members, [0, 1]);
        // Sunday 23:55 and Monday 00:05: the week's end and its start.
        let crowds = crowded_windows(&[vec![6 * DAY + 23 * 60 + 55], vec![5]], 15);
        assert_eq!(crowds.len(), 2);
    }

    #[test]
    fn a_job_is_reported_with_its_most_crowded_window() {
        // Job 0 at 01:00 shares with 1; at 03:00 with 1, 2 and 3.
        let jobs = vec![vec![60, 180], vec![61, 181], vec![182], vec![183]];
        let crowds = crowded_windows(&jobs, 10);
        let zero = crowds.iter().find(|crowd| crowd.job == 0).unwrap();
        assert_eq!(zero.start, 180);
        assert_eq!(zero.members, [0, 1, 2, 3]);
    }

    #[test]
    fn shared_keys_are_the_keys_of_two_items() {
        let items = Value::from(serde_json::json!([
            {"ids": [{"key": "MAC a", "pointer": "/1"}, {"key": "MAC b"}]},
            {"ids": [{"key": "MAC a", "pointer": "/2"}]},
            {"ids": [{"key": "MAC c"}, {"key": "MAC c"}]},
            {"other": 1},
        ]));
        let groups = shared_keys_value(&[items, Value::from("ids")]).unwrap();
        let groups = serde_json::to_value(&groups).unwrap();
        assert_eq!(
            groups,
            serde_json::json!([{"key": "MAC a", "holders": [
                [0, {"key": "MAC a", "pointer": "/1"}],
                [1, {"key": "MAC a", "pointer": "/2"}]
            ]}])
        );
    }

    #[test]
    fn the_extension_checks_its_arguments() {
        let starts = Value::from(serde_json::json!([[60], [65]]));
        let result = crowded_windows_value(&[starts.clone(), Value::from(15i64)]).unwrap();
        assert_eq!(result.as_array().unwrap().len(), 2);
        let first = serde_json::to_value(&result.as_array().unwrap()[0]).unwrap();
        assert_eq!(
            first,
            serde_json::json!({"job": 0, "start": 60, "size": 2, "others": [1], "all_daily": false})
        );
        assert!(crowded_windows_value(&[starts, Value::from(0i64)]).is_err());
        let bad = Value::from(serde_json::json!([[99999]]));
        assert!(crowded_windows_value(&[bad, Value::from(15i64)]).is_err());
    }

    #[test]
    fn equal_groups_name_each_keys_first_index_and_group_size() {
        let keys = Value::from(vec![
            Value::from("a"),
            Value::from("b"),
            Value::from("a"),
            Value::from("a"),
        ]);
        let groups = equal_groups_value(&[keys]).unwrap();
        let pairs: Vec<(i64, i64)> = groups
            .as_array()
            .unwrap()
            .iter()
            .map(|group| {
                (
                    group["first"].as_i64().unwrap(),
                    group["count"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(pairs, vec![(0, 3), (1, 1), (0, 3), (0, 3)]);
    }
}
