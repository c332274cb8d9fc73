//! The files of a Terraform module as the pipeline reads them: declarations parsed with the
//! rest of a formatted file blanked (offsets kept), whole files for a called module, tfvars in
//! Terraform's order, and a cheap scan for the local modules a file calls. Values are evaluated
//! by `instances.rs`; the adapter does no I/O (`pipeline/siblings.rs` reads).

use std::path::PathBuf;
use std::sync::Arc;

use crate::document::Document;
use crate::formats::Format;

/// A module's files parsed for their declarations (`variable` and `locals` blocks; the rest
/// of a `terraform fmt`-formatted file is blanked before parsing, keeping every offset). A file
/// that does not parse is left out: it is reported when it is linted itself.
pub fn build(files: &[(PathBuf, String)]) -> Vec<Arc<Document>> {
    let mut documents = Vec::new();
    for (path, text) in files {
        let format = format_of(path);
        let source = match format {
            Format::Terraform => declarations_only(text).unwrap_or_else(|| text.clone()),
            _ => text.clone(),
        };
        let Ok(mut document) = crate::formats::parse(format, path.clone(), Arc::from(source))
        else {
            continue;
        };
        document.source = Arc::from(text.as_str());
        documents.push(Arc::new(document));
    }
    documents
}

/// Every file of a module parsed whole (a module another configuration calls).
pub fn parse_all(files: &[(PathBuf, String)]) -> Vec<Arc<Document>> {
    files
        .iter()
        .filter_map(|(path, text)| parse_file(path.clone(), text))
        .collect()
}

/// One `.tf`, `.tf.json`, `.tfvars` or `.tfvars.json` file parsed (`None` if it does not).
pub fn parse_file(path: PathBuf, text: &str) -> Option<Arc<Document>> {
    let format = format_of(&path);
    crate::formats::parse(format, path, Arc::from(text))
        .ok()
        .map(Arc::new)
}

fn format_of(path: &std::path::Path) -> Format {
    match path
        .to_string_lossy()
        .to_ascii_lowercase()
        .ends_with(".json")
    {
        true => Format::TerraformJson,
        false => Format::Terraform,
    }
}

/// `text` with every line outside a top-level `variable` or `locals` block blanked (spaces,
/// newlines kept, so offsets stay the file's), when the file is laid out as `terraform fmt`
/// writes it (blocks start and end at column 0); `None` when a block is left open.
fn declarations_only(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let opens = content.starts_with("variable ") || content.starts_with("locals ");
        if inside || opens {
            out.push_str(line);
            inside = !(content == "}" || (!inside && content.trim_end().ends_with('}')));
        } else {
            out.extend(
                line.chars()
                    .map(|c| if c == '\n' || c == '\r' { c } else { ' ' }),
            );
        }
    }
    (!inside).then_some(out)
}

/// What another file of the module reads of this `.tf` file: `build` parses its `variable`
/// and `locals` blocks with the rest blanked, so each kept line with its byte offset is all
/// that matters (a file of resources only gives the empty key, whatever its resources say).
/// `None` where `build` parses the whole text (a block left open) or where a blanked character
/// would not keep the offsets (non-ASCII text): the caller then keys on the whole file.
pub fn declarations_key(text: &str) -> Option<String> {
    if !text.is_ascii() {
        return None;
    }
    let kept = declarations_only(text)?;
    let mut key = String::new();
    let mut offset = 0;
    for line in kept.split_inclusive('\n') {
        if !line.trim().is_empty() {
            key.push_str(&format!("{offset}:{line}"));
        }
        offset += line.len();
    }
    Some(key)
}

/// The tfvars files Terraform loads by itself for a root module, in its order:
/// `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars(.json)` by name.
pub fn automatic_tfvars(files: &[PathBuf]) -> Vec<PathBuf> {
    let name = |path: &PathBuf| {
        path.file_name()
            .map(|name| name.to_string_lossy().to_string())
            .unwrap_or_default()
    };
    let mut found: Vec<PathBuf> = ["terraform.tfvars", "terraform.tfvars.json"]
        .iter()
        .filter_map(|wanted| files.iter().find(|path| name(path) == *wanted).cloned())
        .collect();
    let mut auto: Vec<PathBuf> = files
        .iter()
        .filter(|path| {
            let name = name(path);
            name.ends_with(".auto.tfvars") || name.ends_with(".auto.tfvars.json")
        })
        .cloned()
        .collect();
    auto.sort_by_key(name);
    found.extend(auto);
    found
}

/// The local sources (`./…`, `../…`) of the `module` blocks of a `.tf` file, found by a
/// scan of its lines (cheap enough to run on every file before linting): a `source = "…"`
/// line inside a block opened by a line starting with `module "`.
pub fn local_module_sources(text: &str) -> Vec<String> {
    let mut sources = Vec::new();
    if !text.contains("module") {
        return sources;
    }
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("module ") {
            inside = true;
        } else if line.starts_with('}') {
            inside = false;
        } else if inside {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix("source") {
                let value = rest.trim_start().trim_start_matches('=').trim();
                let value = value.trim_matches('"');
                if value.starts_with("./") || value.starts_with("../") {
                    sources.push(value.to_string());
                }
            }
        }
    }
    sources
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_keep_their_offsets_and_the_rest_is_blanked() {
        let text = "variable \"a\" {\n  default = 1\n}\n\nresource \"x\" \"y\" {\n  name = var.a\n}\nlocals {\n  b = {\n    c = 2\n  }\n}\n";
        let kept = declarations_only(text).unwrap();
        assert_eq!(kept.len(), text.len());
        assert_eq!(kept.lines().count(), text.lines().count());
        assert!(!kept.contains("resource"));
        // Resources only: nothing to read, whatever the resources say or how long they are.
        let resources = "# VMs\nresource \"proxmox_vm_qemu\" \"a\" {\n  name = \"a\"\n}\n\nresource \"b\" \"c\" {\n}\n";
        assert_eq!(declarations_key(resources).as_deref(), Some(""));
        assert_eq!(
            declarations_key(&resources.replace("name = \"a\"", "name = \"longer\"")).as_deref(),
            Some("")
        );
        // A declaration is read: its text and offset make the key.
        let declared = "resource \"a\" \"b\" {\n}\nvariable \"x\" {\n  default = 1\n}\n";
        let key = declarations_key(declared).expect("formatted");
        assert!(key.starts_with("21:variable"), "{key}");
        assert_ne!(
            declarations_key(&declared.replace("default = 1", "default = 2")).as_deref(),
            Some(key.as_str())
        );
        assert_ne!(
            declarations_key(&declared.replace("{\n}\nvariable", "{\n  x = 1\n}\nvariable"))
                .as_deref(),
            Some(key.as_str())
        );
        // A `locals {` line in a heredoc is read as a declaration, as `build` reads it.
        assert_ne!(
            declarations_key("resource \"a\" \"b\" {\n  user_data = <<EOF\nlocals {\nEOF\n}\n")
                .as_deref(),
            Some("")
        );
        assert_eq!(declarations_key("resource \"a\" \"é\" {\n}\n"), None);
        assert!(kept.contains("locals {"));
        assert_eq!(declarations_only("variable \"a\" {\n  default = 1\n"), None);
        assert_eq!(
            declarations_only("variable \"a\" {}\nvariable \"b\" {\n}\n").unwrap(),
            "variable \"a\" {}\nvariable \"b\" {\n}\n"
        );
    }

    #[test]
    fn terraform_loads_tfvars_in_its_order() {
        let files: Vec<PathBuf> = [
            "b.auto.tfvars",
            "terraform.tfvars.json",
            "a.auto.tfvars.json",
            "main.tf",
            "terraform.tfvars",
            "x.tfvars",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(
            automatic_tfvars(&files),
            [
                "terraform.tfvars",
                "terraform.tfvars.json",
                "a.auto.tfvars.json",
                "b.auto.tfvars"
            ]
            .map(PathBuf::from)
        );
    }
}
