//! The partial result a shard writes (`--format partial`) and `vmlint merge` reads: a
//! versioned JSON document (`schemas/partial.schema.json`, generated from these types by
//! `vmlint merge --print-schema`).
//!
//! Before a set of partials is trusted, [`check_set`] makes sure it is one whole: every
//! partial parses completely (a truncated file does not), all were made by the same vmlint,
//! policy set, configuration and day, over the same estate (the same discovered files, or
//! the same repository list), and their shards are exactly 1..N, each once, owning between
//! them every unit of the estate. Anything else is an error naming the file at fault: merge
//! never reports a smaller estate than the one it was given.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::audit::AuditPart;
use super::check::CheckPart;
use super::ShardSpec;

/// What the `format` field of every partial says.
pub const FORMAT: &str = "vmlint-partial";
/// The layout version; a partial of another is refused.
pub const VERSION: u32 = 1;

/// One shard's share of a check or an audit.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct Partial {
    /// Always `vmlint-partial`.
    pub format: String,
    /// The layout version (1).
    pub version: u32,
    /// `vmlint --version` of the shard: version and commit.
    pub vmlint: String,
    /// The policy set: texts and rules.
    pub policy_hash: String,
    /// The configuration's text (params, hosts, overrides, selection) at the project's root.
    pub config_hash: String,
    /// The command line's rule selection, limits and Terraform values.
    pub options_hash: String,
    /// The day the shard ran (UTC, `YYYY-MM-DD`): rules and suppression expiry compare dates.
    pub date: String,
    pub shard: ShardSpec,
    pub estate: Estate,
    /// The shard's results.
    pub body: Body,
}

/// The whole the shards split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Estate {
    /// Files discovered (a check) or repositories listed (an audit), in every shard.
    pub units: usize,
    /// A hash of the paths given and every discovered file (or every repository listed).
    pub digest: String,
    /// How many of them this shard owns.
    pub owned: usize,
}

/// What a shard found: `{"check": {…}}` or `{"audit": {…}}` (externally tagged, so that a
/// reader streams the body instead of buffering it to find an inner tag).
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Body {
    Check(CheckPart),
    Audit(AuditPart),
}

impl Body {
    fn kind(&self) -> &'static str {
        match self {
            Body::Check(_) => "check",
            Body::Audit(_) => "audit",
        }
    }

    /// How many units the body holds results for.
    fn holds(&self) -> usize {
        match self {
            Body::Check(part) => part.files.len(),
            Body::Audit(part) => part.repositories.len(),
        }
    }
}

/// Today in UTC, as a partial records it.
pub fn today() -> String {
    let (year, month, day) = crate::dates::today();
    format!("{year:04}-{month:02}-{day:02}")
}

impl Partial {
    /// A partial of this vmlint, made today.
    pub fn new(hashes: [String; 3], shard: ShardSpec, estate: Estate, body: Body) -> Self {
        let [policy_hash, config_hash, options_hash] = hashes;
        Partial {
            options_hash,
            format: FORMAT.to_string(),
            version: VERSION,
            vmlint: format!("vmlint {}", crate::BUILD_VERSION),
            policy_hash,
            config_hash,
            date: today(),
            shard,
            estate,
            body,
        }
    }

    /// Write whole or not at all (a temporary file, then a rename): a shard that dies leaves a
    /// missing partial, never a short one.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent)
                .map_err(|error| format!("cannot create `{}`: {error}", parent.display()))?;
        }
        let temporary = path.with_extension(format!("partial-{}.tmp", std::process::id()));
        let gzip = path.extension().is_some_and(|extension| extension == "gz");
        let written = std::fs::File::create(&temporary).and_then(|file| {
            let writer = std::io::BufWriter::new(file);
            if gzip {
                // serde_json writes in small pieces: buffer them before the compressor.
                let encoder = flate2::write::GzEncoder::new(writer, flate2::Compression::fast());
                let mut buffered = std::io::BufWriter::with_capacity(1 << 16, encoder);
                serde_json::to_writer(&mut buffered, self)?;
                buffered.write_all(b"\n")?;
                buffered
                    .into_inner()
                    .map_err(std::io::IntoInnerError::into_error)?
                    .finish()?
                    .flush()
            } else {
                let mut writer = writer;
                serde_json::to_writer(&mut writer, self)?;
                writer.write_all(b"\n")?;
                writer.flush()
            }
        });
        written
            .and_then(|()| std::fs::rename(&temporary, path))
            .map_err(|error| {
                let _ = std::fs::remove_file(&temporary);
                format!("cannot write `{}`: {error}", path.display())
            })
    }

    /// Read one partial; a file that is not a whole partial of this layout is an error naming
    /// it.
    pub fn load(path: &Path) -> Result<Partial, String> {
        let bytes = std::fs::read(path)
            .map_err(|error| format!("cannot read partial result `{}`: {error}", path.display()))?;
        let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut plain = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut plain)
                .map_err(|error| {
                    format!(
                        "`{}` is not a whole partial result: its gzip stream is cut or damaged ({error})",
                        path.display()
                    )
                })?;
            plain
        } else {
            bytes
        };
        // One parse in the usual case; only a partial that does not read is parsed again, for
        // its layout alone, to say why.
        match serde_json::from_slice::<Partial>(&bytes) {
            Ok(partial) => {
                layout_is_ours(
                    path,
                    Some(&partial.format),
                    Some(u64::from(partial.version)),
                )?;
                Ok(partial)
            }
            Err(error) => {
                let header: Header = serde_json::from_slice(&bytes).map_err(|error| {
                    let cut = if error.is_eof() {
                        "it ends early (truncated: was its shard interrupted?)"
                    } else {
                        "it is not valid JSON"
                    };
                    format!(
                        "`{}` is not a whole partial result: {cut} — {error}",
                        path.display()
                    )
                })?;
                layout_is_ours(path, header.format.as_deref(), header.version)?;
                Err(format!(
                    "`{}` is not a valid partial result: {error}",
                    path.display()
                ))
            }
        }
    }
}

/// A partial's `format` and `version` are this vmlint's.
fn layout_is_ours(path: &Path, format: Option<&str>, version: Option<u64>) -> Result<(), String> {
    if format != Some(FORMAT) {
        return Err(format!(
            "`{}` is not a vmlint partial result (no \"format\": \"{FORMAT}\"); write one with `vmlint check --shard K/N --format partial --output FILE`",
            path.display()
        ));
    }
    if version != Some(u64::from(VERSION)) {
        return Err(format!(
            "`{}` is a partial result of layout version {}, this vmlint reads version {VERSION}: run every shard and the merge with the same vmlint",
            path.display(),
            version.map_or_else(|| "?".to_string(), |version| version.to_string())
        ));
    }
    Ok(())
}

/// What is read of a partial that does not parse: its layout (the body is skipped, not built).
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u64>,
}

/// A partial and the file it came from.
pub struct Loaded {
    pub path: PathBuf,
    pub partial: Partial,
}

/// Read every partial and check that together they are one whole (see the module's doc).
pub fn load_set(paths: &[PathBuf]) -> Result<Vec<Loaded>, String> {
    if paths.is_empty() {
        return Err("no partial result given: `vmlint merge PARTIAL…`".to_string());
    }
    // Each partial parsed on its own core: reading them is most of a merge's time.
    let loaded: Vec<Loaded> = paths
        .par_iter()
        .map(|path| {
            Partial::load(path).map(|partial| Loaded {
                path: path.clone(),
                partial,
            })
        })
        .collect::<Result<_, _>>()?;
    check_set(&loaded)?;
    Ok(loaded)
}

/// The checks of [`load_set`] over partials already read.
pub fn check_set(loaded: &[Loaded]) -> Result<(), String> {
    let Some(first) = loaded.first() else {
        return Err("no partial result given".to_string());
    };
    let name = |item: &Loaded| item.path.display().to_string();
    for item in loaded {
        let (a, b) = (&first.partial, &item.partial);
        let differs: [(&str, String, String); 8] = [
            ("kind", a.body.kind().into(), b.body.kind().into()),
            ("vmlint", a.vmlint.clone(), b.vmlint.clone()),
            ("policy set", a.policy_hash.clone(), b.policy_hash.clone()),
            (
                "configuration",
                a.config_hash.clone(),
                b.config_hash.clone(),
            ),
            ("options", a.options_hash.clone(), b.options_hash.clone()),
            ("day", a.date.clone(), b.date.clone()),
            (
                "shard count",
                a.shard.count.to_string(),
                b.shard.count.to_string(),
            ),
            ("estate", a.estate.digest.clone(), b.estate.digest.clone()),
        ];
        for (what, left, right) in differs {
            if left != right {
                let hint = match what {
                    "estate" => ": the shards saw different files (checkouts at different commits, or other paths given)",
                    "day" => ": rules and suppression expiry compare dates; run the shards again",
                    "policy set" | "configuration" | "options" => ": every shard must run with the same policies, configuration and options",
                    _ => "",
                };
                return Err(format!(
                    "`{}` and `{}` do not belong together: their {what} differs ({left} vs {right}){hint}",
                    name(first),
                    name(item)
                ));
            }
        }
        if item.partial.body.holds() != item.partial.estate.owned {
            return Err(format!(
                "`{}` holds {} results but its shard owns {}: the partial is incomplete",
                name(item),
                item.partial.body.holds(),
                item.partial.estate.owned
            ));
        }
    }
    let count = first.partial.shard.count;
    let mut seen: Vec<Option<&Loaded>> = vec![None; count];
    for item in loaded {
        let shard = item.partial.shard;
        if shard.index == 0 || shard.index > count {
            return Err(format!(
                "`{}` names shard {}/{}, which does not exist",
                name(item),
                shard.index,
                shard.count
            ));
        }
        let slot = &mut seen[shard.index - 1];
        if let Some(earlier) = slot {
            return Err(format!(
                "shard {} is given twice: `{}` and `{}`",
                item.partial.shard,
                name(earlier),
                name(item)
            ));
        }
        *slot = Some(item);
    }
    let missing: Vec<String> = seen
        .iter()
        .enumerate()
        .filter(|(_, item)| item.is_none())
        .map(|(index, _)| format!("{}/{count}", index + 1))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "shard {} missing: merge reports the whole estate or nothing (give every shard's partial result)",
            missing.join(", ")
        ));
    }
    let owned: usize = loaded.iter().map(|item| item.partial.estate.owned).sum();
    if owned != first.partial.estate.units {
        return Err(format!(
            "the shards own {owned} of the estate's {} units: a partial is incomplete",
            first.partial.estate.units
        ));
    }
    Ok(())
}

/// Refuse partials this merge cannot complete: another policy set or configuration than the
/// one it opened.
pub fn check_project(
    loaded: &[Loaded],
    policy_hash: &str,
    config_hash: &str,
) -> Result<(), String> {
    let Some(first) = loaded.first() else {
        return Ok(());
    };
    let this = format!("vmlint {}", crate::BUILD_VERSION);
    if first.partial.vmlint != this {
        return Err(format!(
            "`{}` was made by {}, and this is {this}: run the shards and the merge with the same vmlint",
            first.path.display(),
            first.partial.vmlint
        ));
    }
    if first.partial.policy_hash != policy_hash {
        return Err(format!(
            "`{}` was made with another policy set than this merge loads ({} vs {policy_hash}): give merge the shards' --policy and configuration",
            first.path.display(),
            first.partial.policy_hash
        ));
    }
    if first.partial.config_hash != config_hash {
        return Err(format!(
            "`{}` was made with another configuration than this merge reads ({} vs {config_hash}): run merge in the same checkout, with the shards' --config",
            first.path.display(),
            first.partial.config_hash
        ));
    }
    Ok(())
}
