//! Past one machine: a check or an audit split over shards (a CI matrix, a Kubernetes Indexed
//! Job) and merged back to exactly the answer one machine gives.
//!
//! ```text
//! assign.rs    which shard owns a file (a Terraform module's directory, else the file) or a
//!              repository: rendezvous hashing, stable when files or shards are added
//! partial.rs   the partial result a shard writes (`--format partial`, schemas/partial.schema.json)
//!              and the checks `merge` makes of a set of them before trusting it
//! check.rs     a shard of `vmlint check`, and the merge that completes it: the repository
//!              stage over every shard's summaries, then suppressions, then the baseline
//! audit.rs     `vmlint audit --repos FILE`, a repository per shard, and its merge
//! ```
//!
//! A shard runs the per-file stage only for the files it owns, with the cross-file facts
//! (inventories, cluster files, module calls) of the whole checkout, and writes each file's
//! findings *before* the repository stage and the suppressions met them, together with the
//! slim summaries the repository rules read. `vmlint merge` reads every shard's partial back
//! and runs the same code a single run does from there on (`pipeline::run::complete`).

pub mod assign;
pub mod audit;
pub mod check;
pub mod partial;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One shard of several: `index` of `count`, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ShardSpec {
    pub index: usize,
    pub count: usize,
}

impl std::str::FromStr for ShardSpec {
    type Err = String;

    /// `K/N` with 1 ≤ K ≤ N.
    fn from_str(text: &str) -> Result<Self, String> {
        let (index, count) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}`: a shard is K/N, e.g. 2/8"))?;
        let index: usize = index
            .trim()
            .parse()
            .map_err(|_| format!("`{text}`: K in K/N must be a number"))?;
        let count: usize = count
            .trim()
            .parse()
            .map_err(|_| format!("`{text}`: N in K/N must be a number"))?;
        if count == 0 || index == 0 || index > count {
            return Err(format!("`{text}`: a shard K/N needs 1 ≤ K ≤ N"));
        }
        Ok(ShardSpec { index, count })
    }
}

impl std::fmt::Display for ShardSpec {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}/{}", self.index, self.count)
    }
}

impl ShardSpec {
    /// The whole, as one shard.
    pub const WHOLE: ShardSpec = ShardSpec { index: 1, count: 1 };

    /// The shard given on the command line (or `VMLINT_SHARD`), else the one a Kubernetes
    /// Indexed Job gives its pod (`JOB_COMPLETION_INDEX`, 0-based, with the `JOB_COMPLETIONS`
    /// the manifest sets), else the whole.
    pub fn resolve(given: Option<ShardSpec>) -> Result<ShardSpec, String> {
        Self::resolve_from(given, |name| std::env::var(name).ok())
    }

    fn resolve_from(
        given: Option<ShardSpec>,
        variable: impl Fn(&str) -> Option<String>,
    ) -> Result<ShardSpec, String> {
        if let Some(shard) = given {
            return Ok(shard);
        }
        let index = variable("JOB_COMPLETION_INDEX").filter(|value| !value.is_empty());
        let count = variable("JOB_COMPLETIONS").filter(|value| !value.is_empty());
        match (index, count) {
            (None, None) => Ok(ShardSpec::WHOLE),
            (Some(index), Some(count)) => {
                let index: usize = index.trim().parse().map_err(|_| {
                    format!("JOB_COMPLETION_INDEX=`{index}` is not a number")
                })?;
                format!("{}/{}", index + 1, count.trim())
                    .parse()
                    .map_err(|error| format!("JOB_COMPLETION_INDEX and JOB_COMPLETIONS: {error}"))
            }
            (Some(_), None) => Err(
                "JOB_COMPLETION_INDEX is set but JOB_COMPLETIONS is not: set it to the Job's `completions` (see deploy/kubernetes/) or pass --shard K/N".to_string(),
            ),
            (None, Some(_)) => Err(
                "JOB_COMPLETIONS is set but JOB_COMPLETION_INDEX is not: run in an Indexed Job or pass --shard K/N".to_string(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shard_is_k_of_n() {
        assert_eq!(
            "2/8".parse::<ShardSpec>(),
            Ok(ShardSpec { index: 2, count: 8 })
        );
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "1/x"] {
            assert!(bad.parse::<ShardSpec>().is_err(), "{bad}");
        }
    }

    #[test]
    fn an_indexed_job_names_the_shard_from_zero() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            }
        };
        let from = |pairs| ShardSpec::resolve_from(None, env(pairs));
        assert_eq!(
            from(&[("JOB_COMPLETION_INDEX", "0"), ("JOB_COMPLETIONS", "4")]),
            Ok(ShardSpec { index: 1, count: 4 })
        );
        assert_eq!(
            from(&[("JOB_COMPLETION_INDEX", "3"), ("JOB_COMPLETIONS", "4")]),
            Ok(ShardSpec { index: 4, count: 4 })
        );
        assert!(from(&[("JOB_COMPLETION_INDEX", "4"), ("JOB_COMPLETIONS", "4")]).is_err());
        assert!(from(&[("JOB_COMPLETION_INDEX", "1")])
            .unwrap_err()
            .contains("JOB_COMPLETIONS"));
        assert_eq!(from(&[]), Ok(ShardSpec::WHOLE));
        let given = Some(ShardSpec { index: 2, count: 3 });
        assert_eq!(
            ShardSpec::resolve_from(given, env(&[("JOB_COMPLETION_INDEX", "0")])),
            Ok(ShardSpec { index: 2, count: 3 })
        );
    }
}
