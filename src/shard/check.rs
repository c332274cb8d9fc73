//! A shard of `vmlint check`, and the merge that completes the shards' work. The shard
//! discovers every file as a single run would (so every shard agrees on the estate and on
//! each file's place in it), gathers the cross-file facts of all of them, and runs the
//! per-file stage for the files it owns; the merge runs the repository stage over every
//! shard's summaries, then each file's suppressions — the same `pipeline::run::complete` a
//! single run ends with.

use std::collections::HashMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher13};

use super::assign::{owner, unit_of};
use super::partial::{Body, Estate, Loaded, Partial};
use super::ShardSpec;
use crate::diagnostic::LintError;
use crate::pipeline::discover;
use crate::pipeline::records::{OutcomeRecord, SourceTable, SummaryRecord};
use crate::pipeline::run::{complete, judge, Judged};
use crate::pipeline::LintRun;
use crate::project::Project;

/// One shard's share of a check.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct CheckPart {
    /// The paths given to `vmlint check` (the first one is the project's root).
    pub paths: Vec<PathBuf>,
    /// Every file the shard owns, judged, waiting for the repository stage.
    pub files: Vec<OutcomeRecord>,
    /// Summaries of files read only as context (`--repo-context`) that the shard owns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<SummaryRecord>,
    /// Discovery's errors and skipped paths (in shard 1's partial only: every shard sees them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<LintError>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<(PathBuf, String)>,
    /// Problems of the configuration files the shard looked up.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub config_errors: Vec<LintError>,
    /// The text of every file a later stage may quote or fingerprint, once.
    pub sources: SourceTable,
}

/// Whether `shard` owns the file at `path`.
pub fn owns(shard: ShardSpec, path: &Path) -> bool {
    owner(&unit_of(path), shard.count) == shard.index
}

/// Lint `shard`'s files of `paths` and return its partial result.
pub fn shard(project: &Project, paths: &[PathBuf], shard: ShardSpec) -> Partial {
    let started = Instant::now();
    let discovery = discover::discover_with(paths, project.options.follow_symlinks);
    let order: HashMap<PathBuf, usize> = discovery
        .candidates
        .iter()
        .enumerate()
        .map(|(index, candidate)| (candidate.path.clone(), index))
        .collect();
    let units = discovery.candidates.len();
    let digest = estate_digest(paths, &discovery);
    let owned = |path: &Path| owns(shard, path);
    let mut judged = judge(
        discovery,
        started,
        &project.policies,
        &project.options,
        &owned,
    );
    if shard.index != 1 {
        judged.errors.clear();
        judged.skipped.clear();
    }
    // Each file's record on its own task (converting its summary's Rego values is most of the
    // work), each with the texts it quotes; then one table of texts.
    let (files, tables): (Vec<OutcomeRecord>, Vec<SourceTable>) = judged
        .outcomes
        .par_iter()
        .map(|outcome| {
            let mut quoted = SourceTable::new();
            let at = order.get(&outcome.path).copied().unwrap_or_default();
            (OutcomeRecord::of(outcome, at, &mut quoted), quoted)
        })
        .unzip();
    let mut sources = SourceTable::new();
    for table in tables {
        sources.extend(table);
    }
    let context = judged
        .context_summaries
        .iter()
        .map(|summary| SummaryRecord::of(summary, 0, &mut sources))
        .collect();
    let part = CheckPart {
        paths: paths.to_vec(),
        files,
        context,
        errors: judged.errors,
        skipped: judged.skipped,
        config_errors: judged.config_errors,
        sources,
    };
    Partial::new(
        [
            project.policy_hash(),
            project.config_hash(),
            project.options_hash(),
        ],
        shard,
        Estate {
            units,
            digest,
            owned: part.files.len(),
        },
        Body::Check(part),
    )
}

/// A hash of the paths given and every discovered file: equal in every shard of one checkout.
fn estate_digest(paths: &[PathBuf], discovery: &discover::Discovery) -> String {
    let mut hasher = SipHasher13::new();
    for path in paths {
        hasher.write(crate::paths::slash_path(path).as_bytes());
        hasher.write_u8(0);
    }
    hasher.write_u8(1);
    for candidate in &discovery.candidates {
        hasher.write(crate::paths::slash_path(&candidate.path).as_bytes());
        hasher.write_u8(u8::from(candidate.explicit));
    }
    format!("{:032x}", hasher.finish128().as_u128())
}

/// The check parts of a whole set of partials (already checked by `partial::load_set`).
pub fn parts(loaded: Vec<Loaded>) -> Result<Vec<(PathBuf, ShardSpec, CheckPart)>, String> {
    loaded
        .into_iter()
        .map(|item| match item.partial.body {
            Body::Check(part) => Ok((item.path, item.partial.shard, part)),
            Body::Audit(_) => Err(format!(
                "`{}` is an audit's partial result, not a check's",
                item.path.display()
            )),
        })
        .collect()
}

/// Complete the shards' work as one run: every file's outcome back in discovery's order, the
/// repository stage over every summary, the suppressions, the run sorted.
pub fn merge(
    parts: Vec<(PathBuf, ShardSpec, CheckPart)>,
    project: &Project,
) -> Result<LintRun, String> {
    let started = Instant::now();
    let mut records = Vec::new();
    let mut context = Vec::new();
    let mut sources = SourceTable::new();
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    let mut config_errors: Vec<LintError> = Vec::new();
    for (path, shard, part) in parts {
        if let Some(stray) = part.files.iter().find(|record| !owns(shard, &record.path)) {
            return Err(format!(
                "`{}` (shard {shard}) holds `{}`, which shard {}/{} owns: partials from another vmlint or edited by hand",
                path.display(),
                stray.path.display(),
                owner(&unit_of(&stray.path), shard.count),
                shard.count
            ));
        }
        records.extend(part.files);
        context.extend(part.context);
        sources.extend(part.sources);
        errors.extend(part.errors);
        skipped.extend(part.skipped);
        config_errors.extend(part.config_errors);
    }
    records.sort_by_key(|record| record.order);
    context.sort_by(|a, b| a.path.cmp(&b.path));
    config_errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    config_errors.dedup();
    let sources = crate::pipeline::records::share(sources);
    // Rebuilding the summaries' Rego values is the work here: one task per file, order kept.
    let outcomes = records
        .into_par_iter()
        .map(|record| record.into_outcome(&sources))
        .collect();
    let context = context
        .into_par_iter()
        .map(|record| record.into_summary(&sources))
        .collect();
    let mut judged = Judged::gathered(outcomes, context);
    judged.walls.push(("rebuild outcomes", started.elapsed()));
    judged.errors = errors;
    judged.skipped = skipped;
    judged.config_errors = config_errors;
    Ok(complete(judged, &project.policies, &project.options))
}
