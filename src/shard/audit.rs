//! `vmlint audit --repos FILE`: many repositories' histories, one repository per shard unit.
//! The list names local clones, one per line — a path (relative to the list's directory) or
//! a `file://` URL; blank lines and `#` comments are ignored. Each repository is audited as
//! `vmlint audit --repo` would (its own `.vmlint.toml`, the command line's selection), a
//! repository that cannot be audited is reported in its own entry and the others go on, and
//! the merge puts every repository's timeline back in the list's order.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher13};

use super::assign::owner;
use super::partial::{Body, Loaded};
use super::ShardSpec;
use crate::audit::many::RepositoryAudit;
use crate::audit::Audit;

/// One shard's share of a many-repository audit.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct AuditPart {
    /// Every repository the shard owns, audited.
    pub repositories: Vec<RepositoryAudit>,
}

/// The repositories a list names, as written.
pub fn read_list(file: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|error| format!("cannot read --repos `{}`: {error}", file.display()))?;
    let entries: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect();
    if entries.is_empty() {
        return Err(format!(
            "--repos `{}` names no repository (one path or file:// URL per line)",
            file.display()
        ));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(twice) = entries.iter().find(|entry| !seen.insert(entry.as_str())) {
        return Err(format!(
            "--repos `{}` names `{twice}` twice",
            file.display()
        ));
    }
    Ok(entries)
}

/// Where the clone an entry names is: a `file://` URL's path, or a path relative to the list's
/// directory. Other URLs are refused: vmlint audits local clones (clone first, e.g. with
/// `git clone --mirror`, which keeps every branch).
pub fn locate(entry: &str, list_dir: &Path) -> Result<PathBuf, String> {
    let path = match entry.split_once("://") {
        Some(("file", rest)) => PathBuf::from(rest),
        Some((scheme, _)) => return Err(not_local(entry, scheme)),
        None => PathBuf::from(entry),
    };
    Ok(if path.is_absolute() {
        path
    } else {
        list_dir.join(path)
    })
}

fn not_local(entry: &str, scheme: &str) -> String {
    format!("`{entry}`: a {scheme}:// URL is not a local clone; clone it and list the clone's path")
}

/// A hash of the list: equal in every shard given the same list.
pub fn list_digest(entries: &[String]) -> String {
    let mut hasher = SipHasher13::new();
    for entry in entries {
        hasher.write(entry.as_bytes());
        hasher.write_u8(0);
    }
    format!("{:032x}", hasher.finish128().as_u128())
}

/// Whether `shard` owns the repository listed as `entry`.
pub fn owns(shard: ShardSpec, entry: &str) -> bool {
    owner(entry, shard.count) == shard.index
}

/// Audit the listed repositories `shard` owns with `audit_one`; one that fails is an entry
/// with its error, and the others go on.
pub fn audit_owned(
    entries: &[String],
    list_dir: &Path,
    shard: ShardSpec,
    audit_one: &dyn Fn(&Path) -> Result<Audit, String>,
) -> Vec<RepositoryAudit> {
    entries
        .iter()
        .enumerate()
        .filter(|(_, entry)| owns(shard, entry))
        .map(|(order, entry)| {
            let audit = locate(entry, list_dir)
                .and_then(|path| audit_one(&path))
                .unwrap_or_else(|error| Audit {
                    errors: vec![format!("cannot audit `{entry}`: {error}")],
                    ..Audit::default()
                });
            RepositoryAudit {
                repository: entry.clone(),
                order,
                audit,
            }
        })
        .collect()
}

/// Every shard's repositories, in the list's order (the set already checked by
/// `partial::load_set`).
pub fn merge(loaded: Vec<Loaded>) -> Result<Vec<RepositoryAudit>, String> {
    let mut all = Vec::new();
    for item in loaded {
        let shard = item.partial.shard;
        let Body::Audit(part) = item.partial.body else {
            return Err(format!(
                "`{}` is a check's partial result, not an audit's",
                item.path.display()
            ));
        };
        if let Some(stray) = part
            .repositories
            .iter()
            .find(|audit| !owns(shard, &audit.repository))
        {
            return Err(format!(
                "`{}` (shard {shard}) holds `{}`, which another shard owns",
                item.path.display(),
                stray.repository
            ));
        }
        all.extend(part.repositories);
    }
    all.sort_by_key(|audit| audit.order);
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_paths_or_file_urls() {
        let base = Path::new("/lists");
        assert_eq!(
            locate("clones/infra", base),
            Ok(PathBuf::from("/lists/clones/infra"))
        );
        assert_eq!(
            locate("file:///srv/git/infra.git", base),
            Ok(PathBuf::from("/srv/git/infra.git"))
        );
        let remote = locate("https://github.com/acme/infra", base).unwrap_err();
        assert!(remote.contains("not a local clone"), "{remote}");
    }
}
