//! Backup and snapshot schedules and when they start. Every syntax vmlint reads — 5-field cron
//! (crontabs, Ansible `cron`, Kubernetes CronJobs), AWS `cron(…)` (6 fields, Quartz weekdays),
//! Proxmox calendar events (`21:00`, `sat 02:00`, `mon..fri 22:30`, `*/15`), daily and hourly
//! times (Azure, GCP, DLM) — becomes the start times of one week, in minutes since Monday 00:00
//! UTC, so that "within W minutes" is computed on real occurrences, across midnight and across
//! weekdays. Cron parsing and occurrence finding are croner's; time zones are chrono-tz's.
//!
//! The week is a fixed January week (2026-01-05): schedules in zones with daylight saving are
//! normalised with their winter offset.

use std::str::FromStr;

use chrono::{DateTime, Datelike, TimeZone, Timelike, Utc};
use croner::parser::{CronParser, Seconds};
use serde::Serialize;

/// Minutes in a week.
pub const WEEK: u32 = 7 * 24 * 60;

/// The most start times kept per schedule (every minute of a week).
const MAX_STARTS: usize = WEEK as usize;

/// How a schedule is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Syntax {
    /// `m h dom mon dow`, or `@daily` and friends.
    Cron,
    /// AWS `cron(m h dom mon dow year)`, Quartz weekdays (1 = Sunday), `?` allowed.
    AwsCron,
    /// A Proxmox calendar event (`[weekdays] [hour:]minute`).
    ProxmoxCalendar,
}

/// A backup or snapshot job and when it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// What the job is, as the repository names it (`vzdump job backup-nightly`).
    pub id: String,
    /// `backup`, `snapshot` or `replication`.
    pub kind: String,
    /// The schedule as written.
    pub expression: String,
    pub syntax: Syntax,
    /// The IANA (or Windows) time zone the schedule is written in; UTC when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Where the job writes (a storage, a vault), when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
    /// The guests the job covers, by id (`*` for all); empty when it does not say.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub guests: Vec<String>,
    /// Guests a job for all leaves out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<String>,
    /// The machines the job runs on, as the definition names them (an Ansible play's
    /// `hosts`), when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs_on: Option<String>,
    /// The node of the schedule in its document.
    pub pointer: String,
    /// Start times in minutes since Monday 00:00 UTC, sorted, without duplicates; empty when
    /// the expression could not be read (see `problem`).
    pub starts: Vec<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

impl Schedule {
    /// A schedule with its start times computed from `expression`.
    pub fn new(
        id: String,
        kind: &str,
        expression: String,
        syntax: Syntax,
        timezone: Option<String>,
        storage: Option<String>,
        pointer: String,
    ) -> Schedule {
        let (starts, problem) = match week_starts(&expression, syntax, timezone.as_deref()) {
            Ok(starts) => (starts, None),
            Err(problem) => (Vec::new(), Some(problem)),
        };
        Schedule {
            id,
            kind: kind.to_string(),
            expression,
            syntax,
            timezone,
            storage,
            guests: Vec::new(),
            excluded: Vec::new(),
            runs_on: None,
            pointer,
            starts,
            problem,
        }
    }

    /// The same schedule, covering `guests` (`*` for all) except `excluded`.
    pub fn covering(mut self, guests: Vec<String>, excluded: Vec<String>) -> Schedule {
        self.guests = guests;
        self.excluded = excluded;
        self
    }

    /// The same schedule, run on `hosts`.
    pub fn runs_on(mut self, hosts: Option<String>) -> Schedule {
        self.runs_on = hosts;
        self
    }
}

/// A cron expression for a daily time `HH:MM` (optionally on weekdays `0`–`6`, Sunday 0).
pub fn daily_cron(time: &str, weekdays: Option<&str>) -> Option<String> {
    let (hour, minute) = time.trim().split_once(':')?;
    let hour: u32 = hour.trim().parse().ok()?;
    let minute: u32 = minute.trim().get(..2).unwrap_or(minute).parse().ok()?;
    (hour < 24 && minute < 60).then(|| format!("{minute} {hour} * * {}", weekdays.unwrap_or("*")))
}

/// The weekday number (Sunday 0) of an English day name or abbreviation.
pub fn weekday_number(name: &str) -> Option<u32> {
    let lower = name.trim().to_ascii_lowercase();
    ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        .iter()
        .position(|day| lower.starts_with(day))
        .map(|index| index as u32)
}

/// The start times of one week, in minutes since Monday 00:00 UTC.
pub fn week_starts(
    expression: &str,
    syntax: Syntax,
    timezone: Option<&str>,
) -> Result<Vec<u32>, String> {
    let (pattern, parser) = match syntax {
        Syntax::Cron => (
            expression.trim().to_string(),
            CronParser::builder().seconds(Seconds::Disallowed).build(),
        ),
        Syntax::AwsCron => (
            aws_pattern(expression)?,
            CronParser::builder()
                .seconds(Seconds::Disallowed)
                .alternative_weekdays(true)
                .build(),
        ),
        Syntax::ProxmoxCalendar => (
            proxmox_pattern(expression)?,
            CronParser::builder().seconds(Seconds::Disallowed).build(),
        ),
    };
    let cron = parser
        .parse(&pattern)
        .map_err(|error| format!("cannot read schedule `{expression}`: {error}"))?;
    match timezone.map(str::trim).filter(|zone| !zone.is_empty()) {
        None => Ok(occurrences(&cron, Utc)),
        Some(zone) => {
            let iana = windows_zone(zone).unwrap_or(zone);
            let tz =
                chrono_tz::Tz::from_str(iana).map_err(|_| format!("unknown time zone `{zone}`"))?;
            Ok(occurrences(&cron, tz))
        }
    }
}

/// One week of occurrences in `tz`, as UTC minutes of the week.
///
/// Each hour of the week is tried at each minute the pattern names. croner's own iterator is
/// not used: asked for the next occurrence of a pattern that never matches (an empty field,
/// as a stray comma makes: `, 0 * * *`), it searches hour by hour up to the year 5000 — 0.4 s
/// per schedule in a release build, found by fuzzing. This is bounded: at most 168 × 60 checks, and 168 for the usual
/// one-minute backup schedule.
fn occurrences<Z: TimeZone + Copy>(cron: &croner::Cron, tz: Z) -> Vec<u32> {
    // A January week, Monday to Monday, in the schedule's own zone.
    let Some(start) = tz.with_ymd_and_hms(2026, 1, 5, 0, 0, 0).single() else {
        return Vec::new();
    };
    // `1` is croner's ALL_BIT (its component module is private): the plain values of a field.
    let minutes = cron.pattern.minutes.get_set_values(1);
    let mut starts = Vec::new();
    'week: for hour in 0..7 * 24 {
        let top_of_hour = start.clone() + chrono::Duration::hours(hour);
        for minute in &minutes {
            let time = top_of_hour.clone() + chrono::Duration::minutes(i64::from(*minute));
            if cron.is_time_matching(&time).unwrap_or(false) {
                starts.push(minute_of_week(&time.with_timezone(&Utc)));
                if starts.len() >= MAX_STARTS {
                    break 'week;
                }
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

fn minute_of_week(time: &DateTime<Utc>) -> u32 {
    time.weekday().num_days_from_monday() * 24 * 60 + time.hour() * 60 + time.minute()
}

/// `cron(0 5 ? * MON-FRI *)` → `0 5 * * MON-FRI`: the parentheses go, `?` means any.
fn aws_pattern(expression: &str) -> Result<String, String> {
    let inner = expression
        .trim()
        .strip_prefix("cron(")
        .and_then(|rest| rest.strip_suffix(')'))
        .ok_or_else(|| format!("`{expression}` is not an AWS `cron(…)` expression"))?;
    let fields: Vec<&str> = inner.split_whitespace().collect();
    if fields.len() != 6 {
        return Err(format!(
            "AWS cron `{expression}` needs 6 fields (minutes hours day-of-month month day-of-week year)"
        ));
    }
    // The year field is left out: a backup plan repeats every year it runs.
    Ok(fields[..5]
        .iter()
        .map(|field| if *field == "?" { "*" } else { field })
        .collect::<Vec<_>>()
        .join(" "))
}

/// A Proxmox calendar event as a 5-field cron pattern: `[weekdays] [[hour]:]minute` where
/// each part is `*`, a number, a list, a range `a..b`, with an optional `/step`; keywords
/// `minutely`, `hourly`, `daily`, `weekly`, `monthly`.
fn proxmox_pattern(expression: &str) -> Result<String, String> {
    let text = expression.trim().to_ascii_lowercase();
    let keyword = match text.as_str() {
        "minutely" => Some("* * * * *"),
        "hourly" => Some("0 * * * *"),
        "daily" => Some("0 0 * * *"),
        "weekly" => Some("0 0 * * 1"),
        "monthly" => Some("0 0 1 * *"),
        _ => None,
    };
    if let Some(pattern) = keyword {
        return Ok(pattern.to_string());
    }
    let bad = || format!("cannot read Proxmox calendar event `{expression}`");
    let mut words = text.split_whitespace();
    let mut weekdays = "*".to_string();
    let mut time = None;
    for word in words.by_ref() {
        if word.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            weekdays = proxmox_weekdays(word).ok_or_else(bad)?;
        } else {
            time = Some(word);
            break;
        }
    }
    if words.next().is_some() {
        return Err(bad());
    }
    let (hour, minute) = match time {
        None => ("0".to_string(), "0".to_string()),
        Some(time) => match time.split_once(':') {
            Some((hour, minute)) => (proxmox_field(hour, 23), proxmox_field(minute, 59)),
            None => ("*".to_string(), proxmox_field(time, 59)),
        },
    };
    if hour.is_empty() || minute.is_empty() {
        return Err(bad());
    }
    Ok(format!("{minute} {hour} * * {weekdays}"))
}

/// `mon..fri,sun` → `1-5,0`.
fn proxmox_weekdays(word: &str) -> Option<String> {
    let mut parts = Vec::new();
    for item in word.split(',') {
        match item.split_once("..") {
            Some((from, to)) => {
                parts.push(format!("{}-{}", weekday_number(from)?, weekday_number(to)?))
            }
            None => parts.push(weekday_number(item)?.to_string()),
        }
    }
    Some(parts.join(","))
}

/// `*`, `5`, `0..23`, `8..17/2`, `*/15`, `0,30` → cron syntax; empty when unreadable.
fn proxmox_field(field: &str, max: u32) -> String {
    let field = if field.is_empty() { "0" } else { field };
    let mut parts = Vec::new();
    for item in field.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((range, step)) if step.parse::<u32>().is_ok() => (range, Some(step)),
            Some(_) => return String::new(),
            None => (item, None),
        };
        let range = match range.split_once("..") {
            Some((from, to)) => format!("{from}-{to}"),
            None => range.to_string(),
        };
        let valid = range == "*"
            || range
                .split('-')
                .all(|number| number.parse::<u32>().is_ok_and(|value| value <= max));
        if !valid {
            return String::new();
        }
        // `5/15` in systemd means 5, 20, 35, 50: cron writes it `5-59/15`.
        let range = match (step, range.contains(['-', '*'])) {
            (Some(_), false) => format!("{range}-{max}"),
            _ => range,
        };
        parts.push(match step {
            Some(step) => format!("{range}/{step}"),
            None => range,
        });
    }
    parts.join(",")
}

/// The IANA zone of a Windows time zone name, as Azure policies write them.
fn windows_zone(name: &str) -> Option<&'static str> {
    Some(match name {
        "UTC" | "Coordinated Universal Time" => "UTC",
        "GMT Standard Time" => "Europe/London",
        "W. Europe Standard Time" => "Europe/Berlin",
        "Romance Standard Time" => "Europe/Paris",
        "Central Europe Standard Time" => "Europe/Budapest",
        "Central European Standard Time" => "Europe/Warsaw",
        "E. Europe Standard Time" => "Europe/Chisinau",
        "FLE Standard Time" => "Europe/Kyiv",
        "Eastern Standard Time" => "America/New_York",
        "Central Standard Time" => "America/Chicago",
        "Mountain Standard Time" => "America/Denver",
        "Pacific Standard Time" => "America/Los_Angeles",
        "India Standard Time" => "Asia/Kolkata",
        "China Standard Time" => "Asia/Shanghai",
        "Tokyo Standard Time" => "Asia/Tokyo",
        "AUS Eastern Standard Time" => "Australia/Sydney",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u32 = 24 * 60;

    /// Found by fuzzing: croner's iterator searched up to the year 5000 for these.
    #[test]
    fn patterns_that_never_match_return_at_once() {
        for pattern in [", *\t1, *\t1", ", 0 * * *", "0 0 30 2 *"] {
            let started = std::time::Instant::now();
            let starts = week_starts(pattern, Syntax::Cron, None).unwrap_or_default();
            assert!(starts.is_empty(), "{pattern}: {starts:?}");
            assert!(
                started.elapsed() < std::time::Duration::from_secs(1),
                "{pattern}: {:?}",
                started.elapsed()
            );
        }
        // Every minute is the worst case the scan allows: 10,080 checks.
        assert_eq!(
            week_starts("* * * * *", Syntax::Cron, None).unwrap().len(),
            7 * DAY as usize
        );
    }

    #[test]
    fn a_daily_cron_starts_seven_times_a_week() {
        let starts = week_starts("0 1 * * *", Syntax::Cron, None).unwrap();
        assert_eq!(starts, (0..7).map(|day| day * DAY + 60).collect::<Vec<_>>());
    }

    #[test]
    fn weekdays_and_time_zones_move_the_start() {
        // Saturday 02:00 in Berlin (UTC+1 in January) is Saturday 01:00 UTC.
        let starts = week_starts("0 2 * * 6", Syntax::Cron, Some("Europe/Berlin")).unwrap();
        assert_eq!(starts, [5 * DAY + 60]);
        // Monday 00:30 in New York is Monday 05:30 UTC.
        let starts = week_starts("30 0 * * 1", Syntax::Cron, Some("America/New_York")).unwrap();
        assert_eq!(starts, [5 * 60 + 30]);
        // Azure's Windows names are understood.
        let azure = week_starts("0 23 * * *", Syntax::Cron, Some("W. Europe Standard Time"));
        assert_eq!(azure.unwrap()[0], 22 * 60);
        assert!(week_starts("0 1 * * *", Syntax::Cron, Some("Mars/Olympus")).is_err());
    }

    #[test]
    fn aws_cron_has_six_fields_quartz_weekdays_and_question_marks() {
        // 05:00 UTC on Sunday (Quartz 1 = Sunday) is the week's last day.
        let starts = week_starts("cron(0 5 ? * 1 *)", Syntax::AwsCron, None).unwrap();
        assert_eq!(starts, [6 * DAY + 5 * 60]);
        let daily = week_starts("cron(0 3 * * ? *)", Syntax::AwsCron, None).unwrap();
        assert_eq!(daily.len(), 7);
        assert!(week_starts("cron(0 3 * *)", Syntax::AwsCron, None).is_err());
    }

    #[test]
    fn proxmox_calendar_events() {
        let starts = |event: &str| week_starts(event, Syntax::ProxmoxCalendar, None).unwrap();
        assert_eq!(starts("21:00").len(), 7);
        assert_eq!(starts("21:00")[0], 21 * 60);
        assert_eq!(starts("sat 02:00"), [5 * DAY + 120]);
        assert_eq!(starts("mon..fri 22:30").len(), 5);
        assert_eq!(starts("sun,wed 01:15"), [2 * DAY + 75, 6 * DAY + 75]);
        assert_eq!(starts("*/15").len(), 7 * 24 * 4);
        assert_eq!(starts("0/6:00").len(), 7 * 4);
        assert_eq!(starts("daily"), starts("00:00"));
        assert!(week_starts("someday", Syntax::ProxmoxCalendar, None).is_err());
    }

    #[test]
    fn daily_times_become_cron() {
        assert_eq!(daily_cron("23:55", None).as_deref(), Some("55 23 * * *"));
        assert_eq!(
            daily_cron("04:00:00", Some("0")).as_deref(),
            Some("0 4 * * 0")
        );
        assert_eq!(daily_cron("25:00", None), None);
        assert_eq!(weekday_number("Sunday"), Some(0));
        assert_eq!(weekday_number("SAT"), Some(6));
    }
}
