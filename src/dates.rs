//! Civil dates in UTC, the one place vmlint does calendar arithmetic: suppression expiry dates
//! (`until=2027-01-31`), `vmlint audit --since`, and the dates the audit prints. Howard
//! Hinnant's days-from-civil and civil-from-days algorithms, exact for the proleptic Gregorian
//! calendar.

/// A calendar date: (year, month 1–12, day 1–31).
pub type Date = (i32, u32, u32);

/// `YYYY-MM-DD`; `None` for anything else (a month or day out of range included).
pub fn parse(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some((year, month, day))
}

/// Today in UTC.
pub fn today() -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    from_days((seconds / 86_400) as i64)
}

/// Days since 1970-01-01 → the date.
pub fn from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// The date → days since 1970-01-01.
pub fn to_days((year, month, day): Date) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Unix seconds → `YYYY-MM-DD` (UTC).
pub fn format_unix(seconds: i64) -> String {
    let (year, month, day) = from_days(seconds.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_dates_round_trip() {
        assert_eq!(from_days(0), (1970, 1, 1));
        assert_eq!(from_days(20_820), (2027, 1, 2));
        assert_eq!(from_days(-1), (1969, 12, 31));
        for days in [-800_000, -1, 0, 59, 60, 11_016, 20_820, 2_932_896] {
            assert_eq!(to_days(from_days(days)), days);
        }
        assert_eq!(to_days((2000, 3, 1)), 11_017);
        assert_eq!(format_unix(1_700_000_000), "2023-11-14");
        assert_eq!(format_unix(-1), "1969-12-31");
    }

    #[test]
    fn parses_only_iso_dates() {
        assert_eq!(parse("2027-01-31"), Some((2027, 1, 31)));
        assert_eq!(parse("2027-13-01"), None);
        assert_eq!(parse("2027-01"), None);
        assert_eq!(parse("2027-01-01-01"), None);
        assert_eq!(parse("tomorrow"), None);
        assert!(today() > (2026, 1, 1));
    }
}
