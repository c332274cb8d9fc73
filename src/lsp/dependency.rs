//! Which files other files' diagnostics depend on: Terraform files and tfvars (a module reads
//! its siblings, a caller reads the module it calls), and a role's `defaults/` and `vars/`
//! (its tasks read them).

use std::path::{Path, PathBuf};

/// A Terraform configuration or variables file.
pub fn is_terraform(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    name.ends_with(".tf")
        || name.ends_with(".tf.json")
        || name.ends_with(".tfvars")
        || name.ends_with(".tfvars.json")
}

/// The role directory (`…/roles/<name>`) when `path` is its `defaults/` or `vars/` file.
pub fn role_of_vars_file(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?;
    let kind = dir.file_name()?.to_str()?;
    (kind == "defaults" || kind == "vars")
        .then(|| dir.parent().map(crate::paths::normalize))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terraform_files_and_role_variables() {
        assert!(is_terraform(Path::new("a/terraform.tfvars")));
        assert!(is_terraform(Path::new("a/main.tf.json")));
        assert!(!is_terraform(Path::new("a/site.yml")));
        assert_eq!(
            role_of_vars_file(Path::new("/r/roles/vm/defaults/main.yml")),
            Some(PathBuf::from("/r/roles/vm"))
        );
        assert_eq!(
            role_of_vars_file(Path::new("/r/roles/vm/tasks/main.yml")),
            None
        );
    }
}
