//! Traced pointers: where a fact's value was written and where it is used, in one string that
//! rules pass through unchanged (`fact.pointer`).
//!
//! A plain JSON pointer names a node of the linted document. A traced pointer lists places
//! from the value's origin to its use, `origin <- … <- use`, then optionally ` <= call` (the
//! module call that deploys the use, when the use is in another file) and ` @ instance` (the
//! deployed instance, `module.flexlm.proxmox_virtual_environment_vm.this`). Each place is a
//! pointer into the linted document or `{file}pointer` into another file (a module, tfvars).
//! `pipeline/locate.rs` reports a finding at the value's origin — the place a reviewer changes —
//! or, for a value written where it is used, at the first place in the linted document; the
//! other places become related locations.

/// Separates the places of a trace, origin first.
pub const STEP: &str = " <- ";
/// Introduces the module call that deploys a use in another file.
pub const CALL: &str = " <= ";
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

/// What a place is to the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Where the value was written, or a binding it passed through.
    Origin,
    /// The definition that uses it.
    Use,
    /// The module call that deploys the definition.
    Call,
}

/// A decoded trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace<'a> {
    /// Origins first, the use last.
    pub places: Vec<TracePlace<'a>>,
    pub call: Option<TracePlace<'a>>,
    pub instance: Option<&'a str>,
}

impl<'a> Trace<'a> {
    /// Every place with its role: origins, the use, the call.
    pub fn all(&self) -> Vec<(Role, &TracePlace<'a>)> {
        let last = self.places.len().saturating_sub(1);
        let mut all: Vec<(Role, &TracePlace)> = self
            .places
            .iter()
            .enumerate()
            .map(|(index, place)| {
                (
                    if index == last {
                        Role::Use
                    } else {
                        Role::Origin
                    },
                    place,
                )
            })
            .collect();
        all.extend(self.call.iter().map(|place| (Role::Call, place)));
        all
    }

    /// The first place in the linted document.
    pub fn primary(&self) -> Option<&str> {
        self.all()
            .into_iter()
            .find(|(_, place)| place.file.is_none())
            .map(|(_, place)| place.pointer)
    }

    /// The index (in [`Trace::all`]) of the place a finding is reported at: the value's first
    /// origin when there is one and `readable` can show its file, else the first place in the
    /// linted document.
    pub fn reported(&self, readable: &dyn Fn(Option<&str>) -> bool) -> Option<usize> {
        let all = self.all();
        if let Some((Role::Origin, origin)) = all.first() {
            if readable(origin.file) {
                return Some(0);
            }
        }
        all.iter().position(|(_, place)| place.file.is_none())
    }
}

/// Whether `pointer` is a trace rather than a plain JSON pointer.
pub fn is_traced(pointer: &str) -> bool {
    pointer.starts_with(FILE_OPEN)
        || pointer.contains(STEP)
        || pointer.contains(CALL)
        || pointer.contains(INSTANCE)
}

fn place(text: &str) -> TracePlace<'_> {
    let foreign = text
        .strip_prefix(FILE_OPEN)
        .and_then(|rest| rest.split_once(FILE_CLOSE));
    match foreign {
        Some((file, pointer)) => TracePlace {
            file: Some(file),
            pointer,
        },
        None => TracePlace {
            file: None,
            pointer: text,
        },
    }
}

pub fn decode(pointer: &str) -> Trace<'_> {
    let (rest, instance) = match pointer.rsplit_once(INSTANCE) {
        Some((rest, instance)) => (rest, Some(instance)),
        None => (pointer, None),
    };
    let (places, call) = match rest.rsplit_once(CALL) {
        Some((places, call)) => (places, Some(place(call))),
        None => (rest, None),
    };
    Trace {
        places: places.split(STEP).map(place).collect(),
        call,
        instance,
    }
}

fn push_place(out: &mut String, (file, pointer): &(Option<String>, String)) {
    if let Some(file) = file {
        out.push(FILE_OPEN);
        out.push_str(file);
        out.push(FILE_CLOSE);
    }
    out.push_str(pointer);
}

/// Encode places (origins then the use; file `None` for the linted document), the call and
/// the instance.
pub fn encode(
    places: &[(Option<String>, String)],
    call: Option<&(Option<String>, String)>,
    instance: Option<&str>,
) -> String {
    let mut out = String::new();
    for (index, place) in places.iter().enumerate() {
        if index > 0 {
            out.push_str(STEP);
        }
        push_place(&mut out, place);
    }
    if let Some(call) = call {
        out.push_str(CALL);
        push_place(&mut out, call);
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
    fn round_trip_roles_and_where_a_finding_is_reported() {
        let encoded = encode(
            &[
                (Some("terraform.tfvars".into()), "/ids/0".into()),
                (None, "/module/a/0/ids".into()),
                (
                    Some("modules/vm/main.tf".into()),
                    "/resource/t/l/0/usb".into(),
                ),
            ],
            None,
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
        assert_eq!(trace.all()[2].0, Role::Use);
        // The tfvars entry when its file can be shown, else the argument.
        assert_eq!(trace.reported(&|_| true), Some(0));
        assert_eq!(trace.reported(&|file| file.is_none()), Some(1));
        assert!(is_traced(&encoded));
        assert!(!is_traced("/resource/a/b/0"));

        // A value written in a module: reported at the call, the module line related.
        let written_in_module = encode(
            &[(
                Some("modules/vm/main.tf".into()),
                "/resource/t/l/0/cpu".into(),
            )],
            Some(&(None, "/module/a/0".into())),
            None,
        );
        let trace = decode(&written_in_module);
        assert_eq!(trace.reported(&|_| true), Some(1));
        assert_eq!(trace.all()[1].0, Role::Call);
        // An absolute path is a file, not a pointer.
        let absolute = decode("{/tmp/x/terraform.tfvars}/gpu <- /resource/t/l/0");
        assert_eq!(absolute.places[0].file, Some("/tmp/x/terraform.tfvars"));
        assert_eq!(absolute.primary(), Some("/resource/t/l/0"));
    }
}
