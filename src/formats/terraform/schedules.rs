//! When Terraform-defined backup and snapshot jobs start: AWS Backup plan rules
//! (`schedule = "cron(…)"`, `schedule_expression_timezone`), AWS DLM create rules
//! (`cron_expression` or daily `times`), Azure VM backup policies (`backup { frequency, time,
//! weekdays }` in `timezone`) and GCP snapshot schedules (daily, hourly and weekly).

use serde_json::{Map, Value};

use super::instances::Module;
use super::workloads::blocks;
use crate::document::pointer;
use crate::document::Document;
use crate::model::literal;
use crate::model::schedule::{daily_cron, weekday_number, Schedule, Syntax};

type Body = Map<String, Value>;

/// The resource types that schedule backups or snapshots.
pub const RESOURCE_TYPES: [&str; 4] = [
    "aws_backup_plan",
    "aws_dlm_lifecycle_policy",
    "azurerm_backup_policy_vm",
    "google_compute_resource_policy",
];

/// The jobs of every instance of the backup resources of `document`: a resource whose `count`
/// or `for_each` is known to be empty deploys no job (a module's optional plans, off by
/// default), and one stamped out three times starts three jobs, each named by its address.
pub fn extract(document: &Document, module: &Module) -> Vec<Schedule> {
    let mut schedules = Vec::new();
    let is_backup = |kind: &str| RESOURCE_TYPES.contains(&kind);
    for instance in module.instances(document, &is_backup, "") {
        let (name, body, at) = (
            instance.address.as_str(),
            &instance.body,
            instance.template.pointer.as_str(),
        );
        match instance.resource_type.as_str() {
            "aws_backup_plan" => aws_backup_plan(name, body, at, &mut schedules),
            "aws_dlm_lifecycle_policy" => aws_dlm(name, body, at, &mut schedules),
            "azurerm_backup_policy_vm" => azure_policy(name, body, at, &mut schedules),
            "google_compute_resource_policy" => gcp_policy(name, body, at, &mut schedules),
            _ => {}
        }
    }
    schedules
}

fn aws_backup_plan(name: &str, body: &Body, at: &str, out: &mut Vec<Schedule>) {
    for (rule, rule_at) in blocks(body, "rule", at) {
        let Some(expression) = literal(rule.get("schedule")) else {
            continue;
        };
        let rule_name = literal(rule.get("rule_name")).unwrap_or_else(|| "rule".to_string());
        out.push(Schedule::new(
            format!("`{name}` rule `{rule_name}`"),
            "backup",
            expression,
            Syntax::AwsCron,
            literal(rule.get("schedule_expression_timezone")),
            literal(rule.get("target_vault_name")),
            pointer::push(&rule_at, "schedule"),
        ));
    }
}

fn aws_dlm(name: &str, body: &Body, at: &str, out: &mut Vec<Schedule>) {
    for (details, details_at) in blocks(body, "policy_details", at) {
        for (schedule, schedule_at) in blocks(details, "schedule", &details_at) {
            for (rule, rule_at) in blocks(schedule, "create_rule", &schedule_at) {
                let id = format!("`{name}` create rule");
                if let Some(expression) = literal(rule.get("cron_expression")) {
                    out.push(Schedule::new(
                        id,
                        "snapshot",
                        expression,
                        Syntax::AwsCron,
                        None,
                        None,
                        pointer::push(&rule_at, "cron_expression"),
                    ));
                } else if let Some(time) = rule.get("times").and_then(|times| literal(times.get(0)))
                {
                    // `interval` hours from `times` (24 when absent).
                    let every = literal(rule.get("interval"))
                        .and_then(|hours| hours.parse::<u32>().ok())
                        .filter(|hours| (1..24).contains(hours));
                    if let Some(expression) = every_hours_from(&time, every) {
                        out.push(Schedule::new(
                            id,
                            "snapshot",
                            expression,
                            Syntax::Cron,
                            None,
                            None,
                            pointer::push(&rule_at, "times"),
                        ));
                    }
                }
            }
        }
    }
}

/// `HH:MM` then every `hours` hours (daily when `None`), as cron.
fn every_hours_from(time: &str, hours: Option<u32>) -> Option<String> {
    let daily = daily_cron(time, None)?;
    let Some(hours) = hours else {
        return Some(daily);
    };
    let mut fields = daily.split(' ');
    let minute = fields.next()?;
    let hour: u32 = fields.next()?.parse().ok()?;
    Some(format!("{minute} {}/{hours} * * *", hour % hours))
}

fn azure_policy(name: &str, body: &Body, at: &str, out: &mut Vec<Schedule>) {
    let timezone = literal(body.get("timezone"));
    for (backup, backup_at) in blocks(body, "backup", at) {
        let Some(time) = literal(backup.get("time")) else {
            continue;
        };
        let frequency = literal(backup.get("frequency")).unwrap_or_else(|| "Daily".to_string());
        let weekdays = match frequency.as_str() {
            "Weekly" => {
                let days: Vec<String> = backup
                    .get("weekdays")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|day| weekday_number(day.as_str()?))
                    .map(|day| day.to_string())
                    .collect();
                (!days.is_empty()).then(|| days.join(","))
            }
            _ => None,
        };
        let expression = if frequency == "Hourly" {
            let every =
                literal(backup.get("hour_interval")).and_then(|hours| hours.parse::<u32>().ok());
            every_hours_from(&time, every)
        } else {
            daily_cron(&time, weekdays.as_deref())
        };
        if let Some(expression) = expression {
            out.push(Schedule::new(
                format!("`{name}`"),
                "backup",
                expression,
                Syntax::Cron,
                timezone.clone(),
                None,
                pointer::push(&backup_at, "time"),
            ));
        }
    }
}

/// `snapshot_schedule_policy { schedule { daily_schedule { days_in_cycle, start_time } |
/// hourly_schedule { hours_in_cycle, start_time } | weekly_schedule { day_of_weeks { day,
/// start_time } } } }`; GCP start times are UTC.
fn gcp_policy(name: &str, body: &Body, at: &str, out: &mut Vec<Schedule>) {
    let storage = blocks(body, "snapshot_schedule_policy", at)
        .into_iter()
        .flat_map(|(policy, policy_at)| blocks(policy, "snapshot_properties", &policy_at))
        .find_map(|(properties, _)| {
            properties
                .get("storage_locations")
                .and_then(|locations| literal(locations.get(0)))
        });
    for (policy, policy_at) in blocks(body, "snapshot_schedule_policy", at) {
        for (schedule, schedule_at) in blocks(policy, "schedule", &policy_at) {
            let mut push = |expression: Option<String>, pointer: String| {
                if let Some(expression) = expression {
                    out.push(Schedule::new(
                        format!("`{name}`"),
                        "snapshot",
                        expression,
                        Syntax::Cron,
                        None,
                        storage.clone(),
                        pointer,
                    ));
                }
            };
            for (daily, daily_at) in blocks(schedule, "daily_schedule", &schedule_at) {
                let time = literal(daily.get("start_time")).unwrap_or_default();
                push(
                    daily_cron(&time, None),
                    pointer::push(&daily_at, "start_time"),
                );
            }
            for (hourly, hourly_at) in blocks(schedule, "hourly_schedule", &schedule_at) {
                let time = literal(hourly.get("start_time")).unwrap_or_default();
                let every = literal(hourly.get("hours_in_cycle"))
                    .and_then(|hours| hours.parse::<u32>().ok())
                    .filter(|hours| (1..24).contains(hours));
                push(
                    every_hours_from(&time, every.or(Some(1))),
                    pointer::push(&hourly_at, "start_time"),
                );
            }
            for (weekly, weekly_at) in blocks(schedule, "weekly_schedule", &schedule_at) {
                for (day, day_at) in blocks(weekly, "day_of_weeks", &weekly_at) {
                    let number = literal(day.get("day")).and_then(|day| weekday_number(&day));
                    let time = literal(day.get("start_time")).unwrap_or_default();
                    let expression =
                        number.and_then(|number| daily_cron(&time, Some(&number.to_string())));
                    push(expression, day_at);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_hours_repeat_from_the_first_time() {
        assert_eq!(
            every_hours_from("03:00", Some(6)).as_deref(),
            Some("0 3/6 * * *")
        );
        assert_eq!(
            every_hours_from("23:30", None).as_deref(),
            Some("30 23 * * *")
        );
    }
}
