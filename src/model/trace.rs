//! Traced pointers: where a fact's value was written and where it is used, in one string that
//! rules pass through unchanged (`fact.pointer`).
//!
//! A plain JSON pointer names a node of the linted document. A traced pointer lists places
//! from the value's origin to its use, `origin <- … <- use`, each either a pointer into the
//! linted document or `{file}pointer` for another file (a module, a tfvars file), and may end
//! in ` @ instance` naming the deployed instance (`module.flexlm.proxmox_virtual_environment_vm.this`).
//! `pipeline/locate.rs` reports the first place in the linted document and lists the others
//! as related locations.

/// Separates the places of a trace, origin first.
pub const STEP: &str = " <- ";
/// Introduces the instance a trace belongs to.
pub const INSTANCE: &str = " @ ";
/// Encloses the file of a place in another file: `{modules/vm/main.tf}/resource/…`.
pub const FILE_OPEN: char = '{';
pub const FILE_CLOSE: char = '}';

/// One place of a trace: `file` is `None` for the linted document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TracePlace<'a> {
    pub file: Option<&'a str>,
    pub pointer: &'a str,
}

/// A decoded trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace<'a> {
    pub places: Vec<TracePlace<'a>>,
    pub instance: Option<&'a str>,
}

impl Trace<'_> {
    /// The first place in the linted document: the finding's location.
    pub fn primary(&self) -> Option<&str> {
        self.places
            .iter()
            .find(|place| place.file.is_none())
            .map(|place| place.pointer)
    }
}

/// Whether `pointer` is a trace rather than a plain JSON pointer.
pub fn is_traced(pointer: &str) -> bool {
    pointer.starts_with(FILE_OPEN) || pointer.contains(STEP) || pointer.contains(INSTANCE)
}

pub fn decode(pointer: &str) -> Trace<'_> {
    let (places, instance) = match pointer.rsplit_once(INSTANCE) {
        Some((places, instance)) => (places, Some(instance)),
        None => (pointer, None),
    };
    let places = places
        .split(STEP)
        .map(|place| {
            let foreign = place
                .strip_prefix(FILE_OPEN)
                .and_then(|rest| rest.split_once(FILE_CLOSE));
            match foreign {
                Some((file, pointer)) => TracePlace {
                    file: Some(file),
                    pointer,
                },
                None => TracePlace {
                    file: None,
                    pointer: place,
                },
            }
        })
        .collect();
    Trace { places, instance }
}

/// Encode places (file `None` for the linted document) and the instance.
pub fn encode(places: &[(Option<String>, String)], instance: Option<&str>) -> String {
    let mut out = String::new();
    for (index, (file, pointer)) in places.iter().enumerate() {
        if index > 0 {
            out.push_str(STEP);
        }
        if let Some(file) = file {
            out.push(FILE_OPEN);
            out.push_str(file);
            out.push(FILE_CLOSE);
        }
        out.push_str(pointer);
    }
    if let Some(instance) = instance {
        out.push_str(INSTANCE);
        out.push_str(instance);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_primary() {
        let encoded = encode(
            &[
                (Some("terraform.tfvars".into()), "/ids/0".into()),
                (None, "/module/a/0/ids".into()),
                (
                    Some("modules/vm/main.tf".into()),
                    "/resource/t/l/0/usb".into(),
                ),
            ],
            Some("module.a.t.l"),
        );
        assert_eq!(
            encoded,
            "{terraform.tfvars}/ids/0 <- /module/a/0/ids <- {modules/vm/main.tf}/resource/t/l/0/usb @ module.a.t.l"
        );
        let trace = decode(&encoded);
        assert_eq!(trace.places.len(), 3);
        assert_eq!(trace.primary(), Some("/module/a/0/ids"));
        assert_eq!(trace.instance, Some("module.a.t.l"));
        assert_eq!(trace.places[0].file, Some("terraform.tfvars"));
        assert!(is_traced(&encoded));
        assert!(!is_traced("/resource/a/b/0"));
        assert_eq!(decode("/a/b").primary(), Some("/a/b"));
        // An absolute path is a file, not a pointer.
        let absolute = decode("{/tmp/x/terraform.tfvars}/gpu <- /resource/t/l/0");
        assert_eq!(absolute.places[0].file, Some("/tmp/x/terraform.tfvars"));
        assert_eq!(absolute.primary(), Some("/resource/t/l/0"));
    }
}
