//! Terraform resource addresses (`module.a["x.y"].module.b.proxmox_vm_qemu.c[0]`): the module
//! calls they go through and the resource's type and name. Keys in brackets may hold dots.

/// A resource address taken apart.
#[derive(Debug, PartialEq, Eq)]
pub struct Address<'a> {
    /// The module call names, outermost first (`["a", "b"]`).
    pub modules: Vec<&'a str>,
    /// The module part as written (`module.a["x.y"].module.b`; empty in the root module).
    pub module_path: &'a str,
    pub kind: &'a str,
    pub name: &'a str,
}

/// The `.`-separated steps of an address, with their byte ranges (dots in brackets kept).
fn steps(address: &str) -> Vec<(usize, usize)> {
    let mut steps = Vec::new();
    let (mut start, mut depth, mut quoted) = (0, 0i32, false);
    for (index, byte) in address.bytes().enumerate() {
        match byte {
            b'"' => quoted = !quoted,
            b'[' if !quoted => depth += 1,
            b']' if !quoted => depth -= 1,
            b'.' if !quoted && depth == 0 => {
                steps.push((start, index));
                start = index + 1;
            }
            _ => {}
        }
    }
    steps.push((start, address.len()));
    steps
}

/// A step without its `[key]`.
fn bare(step: &str) -> &str {
    step.split('[').next().unwrap_or(step)
}

pub fn parse(address: &str) -> Option<Address<'_>> {
    let steps = steps(address);
    let text = |index: usize| steps.get(index).map(|(start, end)| &address[*start..*end]);
    let mut modules = Vec::new();
    let mut index = 0;
    let mut module_end = 0;
    while text(index) == Some("module") {
        modules.push(bare(text(index + 1)?));
        module_end = steps[index + 1].1;
        index += 2;
    }
    Some(Address {
        modules,
        module_path: &address[..module_end],
        kind: text(index)?,
        name: bare(text(index + 1)?),
    })
}

/// The module part of an address (empty in the root module).
pub fn module_path(address: &str) -> &str {
    parse(address).map_or("", |parsed| parsed.module_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_name_their_modules_type_and_name() {
        assert_eq!(
            parse("proxmox_vm_qemu.a[0]"),
            Some(Address {
                modules: vec![],
                module_path: "",
                kind: "proxmox_vm_qemu",
                name: "a"
            })
        );
        let nested = "module.a[\"x.y\"].module.b.proxmox_vm_qemu.c[\"k\"]";
        assert_eq!(
            parse(nested),
            Some(Address {
                modules: vec!["a", "b"],
                module_path: "module.a[\"x.y\"].module.b",
                kind: "proxmox_vm_qemu",
                name: "c"
            })
        );
        assert_eq!(module_path("module.a.proxmox_vm_qemu.b[0]"), "module.a");
        assert_eq!(parse("module.a"), None);
    }
}
