//! The backup week: when the estate's backup and snapshot jobs start over one UTC week, per
//! storage target — one row of 7 × 24 hour cells per target (and 7 × 96 quarter-hour cells on
//! demand), each cell listing the jobs that start in it, with the windows VML303 calls a storm
//! outlined: more than the rule's `max_jobs` distinct jobs starting within its
//! `window_minutes`, both read from the rule as configured, so that the picture and the findings
//! use one threshold.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;

use crate::model::schedule::WEEK;
use crate::pipeline::estate::FileSummary;
use crate::policy::extensions::each_window;
use crate::policy::PolicySet;

/// Storage targets drawn; the rest are counted below the map.
const MAX_ROWS: usize = 40;
/// Jobs named in one cell's tooltip.
const NAMED_PER_CELL: usize = 12;
/// VML303's defaults, when the rule is not loaded.
const DEFAULT_WINDOW: u32 = 15;
const DEFAULT_MAX_JOBS: usize = 4;

pub const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A schedule as the repository rules see it (`input.schedules[_]`).
#[derive(Deserialize)]
struct ScheduleValue {
    id: String,
    kind: String,
    expression: String,
    #[serde(default)]
    storage: Option<String>,
    #[serde(default)]
    starts: Vec<u32>,
    pointer: String,
}

pub struct Job {
    pub id: String,
    pub expression: String,
    pub file: String,
    pub line: usize,
    pub starts: Vec<u32>,
}

pub struct Cell {
    pub slot: usize,
    pub count: usize,
    /// 0 (none) to 4 (more than twice the allowed jobs), for the cell's colour.
    pub level: u8,
    pub title: String,
    /// Inside a window VML303 reports.
    pub windowed: bool,
}

pub struct Day {
    pub index: usize,
    pub name: &'static str,
    pub cells: Vec<Cell>,
}

pub struct Window {
    pub when: String,
    pub size: usize,
    pub jobs: String,
}

pub struct StorageRow {
    pub storage: String,
    pub label: String,
    pub jobs: usize,
    pub hours: Vec<Day>,
    pub quarters: Vec<Day>,
    pub windows: Vec<Window>,
}

pub struct BackupWeek {
    pub window_minutes: u32,
    pub max_jobs: usize,
    pub jobs: usize,
    pub rows: Vec<StorageRow>,
    /// Storage targets (and their jobs) not drawn.
    pub hidden_rows: usize,
    pub hidden_jobs: usize,
    /// Schedules whose start times could not be read.
    pub unread: usize,
}

fn clock(minute: u32) -> String {
    let minute = minute % WEEK;
    format!(
        "{} {:02}:{:02}",
        DAYS[(minute / 1440) as usize],
        (minute % 1440) / 60,
        minute % 60
    )
}

fn level(count: usize, max_jobs: usize) -> u8 {
    match count {
        0 => 0,
        _ if count <= (max_jobs / 2).max(1) => 1,
        _ if count <= max_jobs => 2,
        _ if count <= 2 * max_jobs => 3,
        _ => 4,
    }
}

/// The jobs of every summary that have start times, by storage target ("" when unstated), and
/// how many backup or snapshot schedules could not be read.
fn jobs_by_storage(summaries: &[Arc<FileSummary>]) -> (BTreeMap<String, Vec<Job>>, usize) {
    let mut groups: BTreeMap<String, Vec<Job>> = BTreeMap::new();
    let mut unread = 0;
    for summary in summaries {
        for value in &summary.schedules {
            let Ok(schedule) =
                serde_json::to_value(value).and_then(serde_json::from_value::<ScheduleValue>)
            else {
                continue;
            };
            if schedule.kind == "replication" {
                continue;
            }
            if schedule.starts.is_empty() {
                unread += 1;
                continue;
            }
            let (file, line) = summary.place(&schedule.pointer);
            groups
                .entry(schedule.storage.unwrap_or_default())
                .or_default()
                .push(Job {
                    id: schedule.id,
                    expression: schedule.expression,
                    file,
                    line,
                    starts: schedule.starts,
                });
        }
    }
    (groups, unread)
}

/// One view of a row: `slot` minutes per cell.
fn days(jobs: &[Job], slot: u32, windowed: &[bool], max_jobs: usize) -> Vec<Day> {
    let per_day = (1440 / slot) as usize;
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); per_day * 7];
    for (index, job) in jobs.iter().enumerate() {
        for start in &job.starts {
            let cell = &mut members[(start / slot) as usize];
            if cell.last() != Some(&index) {
                cell.push(index);
            }
        }
    }
    DAYS.iter()
        .enumerate()
        .map(|(day, name)| Day {
            index: day,
            name,
            cells: (0..per_day)
                .map(|slot_of_day| {
                    let at = day * per_day + slot_of_day;
                    let here = &members[at];
                    let begin = at as u32 * slot;
                    let mut title = String::new();
                    if !here.is_empty() {
                        title = format!(
                            "{}–{:02}:{:02} UTC: {} job{} start",
                            clock(begin),
                            ((begin + slot) % 1440) / 60,
                            (begin + slot) % 60,
                            here.len(),
                            if here.len() == 1 { "" } else { "s" }
                        );
                        for index in here.iter().take(NAMED_PER_CELL) {
                            let job = &jobs[*index];
                            title.push_str(&format!(
                                "\n{} ({}) {}:{}",
                                job.id, job.expression, job.file, job.line
                            ));
                        }
                        if here.len() > NAMED_PER_CELL {
                            title
                                .push_str(&format!("\n… and {} more", here.len() - NAMED_PER_CELL));
                        }
                    }
                    Cell {
                        slot: slot_of_day,
                        count: here.len(),
                        level: level(here.len(), max_jobs),
                        title,
                        windowed: windowed[at],
                    }
                })
                .collect(),
        })
        .collect()
}

/// Every window of `window` minutes, opening at a start, in which more than `max_jobs`
/// distinct jobs start — VML303's definition of a storm (the rule reports each job once, at its
/// most crowded window; the map outlines every such window). Overlapping windows are merged:
/// (first minute, last minute + 1, the jobs that start in them); minutes run past the week's
/// end when a storm wraps into Monday.
fn storms(jobs: &[Job], window: u32, max_jobs: usize) -> Vec<(u32, u32, Vec<usize>)> {
    let starts: Vec<Vec<u32>> = jobs.iter().map(|job| job.starts.clone()).collect();
    let window = window.min(WEEK);
    let mut merged: Vec<(u32, u32, Vec<usize>)> = Vec::new();
    each_window(&starts, window, |open, members| {
        if members.len() <= max_jobs {
            return;
        }
        match merged.last_mut() {
            Some(last) if open <= last.1 => {
                last.1 = last.1.max(open + window);
                last.2.extend_from_slice(members);
                last.2.sort_unstable();
                last.2.dedup();
            }
            _ => {
                let mut members = members.to_vec();
                members.sort_unstable();
                merged.push((open, open + window, members));
            }
        }
    });
    merged
}

fn row(storage: String, jobs: Vec<Job>, window: u32, max_jobs: usize) -> StorageRow {
    let crowds = storms(&jobs, window, max_jobs);
    let mut hours_windowed = vec![false; 7 * 24];
    let mut quarters_windowed = vec![false; 7 * 96];
    for (first, last, _) in &crowds {
        for minute in *first..(*last).min(first + WEEK) {
            let minute = minute % WEEK;
            hours_windowed[(minute / 60) as usize] = true;
            quarters_windowed[(minute / 15) as usize] = true;
        }
    }
    let windows = crowds
        .iter()
        .map(|(first, last, members)| {
            let mut names: Vec<&str> = members.iter().map(|m| jobs[*m].id.as_str()).collect();
            let more = names.len().saturating_sub(8);
            names.truncate(8);
            let mut list = names.join(", ");
            if more > 0 {
                list.push_str(&format!(" and {more} more"));
            }
            Window {
                when: format!("{}–{} UTC", clock(*first), &clock(*last)[4..]),
                size: members.len(),
                jobs: list,
            }
        })
        .collect();
    StorageRow {
        label: if storage.is_empty() {
            "(storage not stated)".to_string()
        } else {
            storage.clone()
        },
        storage,
        jobs: jobs.len(),
        hours: days(&jobs, 60, &hours_windowed, max_jobs),
        quarters: days(&jobs, 15, &quarters_windowed, max_jobs),
        windows,
    }
}

/// The backup week of the estate; `None` when no job has a start time.
pub fn backup_week(summaries: &[Arc<FileSummary>], policies: &PolicySet) -> Option<BackupWeek> {
    let (groups, unread) = jobs_by_storage(summaries);
    if groups.is_empty() && unread == 0 {
        return None;
    }
    let window = policies
        .rule_value("VML303", "window_minutes")
        .and_then(|value| value.as_u64())
        .map_or(DEFAULT_WINDOW, |value| {
            value.clamp(1, u64::from(WEEK)) as u32
        });
    let max_jobs = policies
        .rule_value("VML303", "max_jobs")
        .and_then(|value| value.as_u64())
        .map_or(DEFAULT_MAX_JOBS, |value| value as usize);
    let jobs = groups.values().map(Vec::len).sum();
    let mut rows: Vec<StorageRow> = groups
        .into_iter()
        .map(|(storage, jobs)| row(storage, jobs, window, max_jobs))
        .collect();
    rows.sort_by(|a, b| {
        b.windows
            .len()
            .cmp(&a.windows.len())
            .then_with(|| b.jobs.cmp(&a.jobs))
            .then_with(|| a.storage.cmp(&b.storage))
    });
    let hidden: Vec<StorageRow> = rows.split_off(rows.len().min(MAX_ROWS));
    Some(BackupWeek {
        window_minutes: window,
        max_jobs,
        jobs,
        rows,
        hidden_rows: hidden.len(),
        hidden_jobs: hidden.iter().map(|row| row.jobs).sum(),
        unread,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: &str, starts: Vec<u32>) -> Job {
        Job {
            id: id.to_string(),
            expression: "0 1 * * *".to_string(),
            file: "jobs.cfg".to_string(),
            line: 1,
            starts,
        }
    }

    #[test]
    fn five_daily_jobs_at_one_make_a_storm_every_day_at_one() {
        let daily_at_one: Vec<u32> = (0..7).map(|day| day * 1440 + 60).collect();
        let jobs: Vec<Job> = (0..5)
            .map(|n| job(&format!("job{n}"), daily_at_one.clone()))
            .collect();
        let row = row("nfs".to_string(), jobs, 15, 4);
        assert_eq!(row.windows.len(), 7);
        assert_eq!(row.windows[0].when, "Mon 01:00–01:15 UTC");
        assert_eq!(row.windows[0].size, 5);
        let tuesday_one = &row.hours[1].cells[1];
        assert_eq!((tuesday_one.count, tuesday_one.windowed), (5, true));
        assert_eq!(tuesday_one.level, 3); // more than allowed, not twice as many
        assert!(tuesday_one
            .title
            .starts_with("Tue 01:00–02:00 UTC: 5 jobs start"));
        assert!(tuesday_one.title.contains("\njob0 (0 1 * * *) jobs.cfg:1"));
        assert!(!row.hours[1].cells[2].windowed);
        let quarter = &row.quarters[1].cells[4];
        assert_eq!((quarter.count, quarter.windowed), (5, true));
        assert!(!row.quarters[1].cells[5].windowed);
    }

    #[test]
    fn four_jobs_are_no_storm_and_a_window_wraps_past_sunday() {
        let jobs: Vec<Job> = (0..4)
            .map(|n| job(&format!("j{n}"), vec![WEEK - 5]))
            .collect();
        assert!(row(String::new(), jobs, 15, 4).windows.is_empty());
        let jobs: Vec<Job> = (0..5)
            .map(|n| job(&format!("j{n}"), vec![if n < 3 { WEEK - 5 } else { 5 }]))
            .collect();
        let row = row(String::new(), jobs, 15, 4);
        assert_eq!(row.label, "(storage not stated)");
        assert_eq!(row.windows[0].when, "Sun 23:55–00:10 UTC");
        assert!(row.hours[6].cells[23].windowed && row.hours[0].cells[0].windowed);
    }

    #[test]
    fn the_thresholds_are_the_rules_as_configured() {
        let options = crate::policy::PolicyOptions {
            params: serde_json::json!({"backup-storm": {"max_jobs": 9}}),
            ..Default::default()
        };
        let policies = PolicySet::load(&options).unwrap();
        assert_eq!(
            policies.rule_value("VML303", "max_jobs"),
            Some(serde_json::json!(9))
        );
        assert_eq!(
            policies.rule_value("VML303", "window_minutes"),
            Some(serde_json::json!(15))
        );
        assert_eq!(policies.rule_value("VML303", "no_such_value"), None);
    }

    #[test]
    fn levels_grow_with_the_allowed_count() {
        let levels: Vec<u8> = [0, 1, 2, 3, 4, 5, 8, 9]
            .iter()
            .map(|c| level(*c, 4))
            .collect();
        assert_eq!(levels, [0, 1, 1, 2, 2, 3, 3, 4]);
    }
}
