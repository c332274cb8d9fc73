//! Provenance: a workload extracted from an evaluated definition (a Terraform instance, an
//! Ansible task for one loop item) gets every pointer traced from the origin of its value to
//! its use (`model/trace.rs`), so that a finding lands on the line a reviewer changes — the
//! module argument, the list element, the variable — and the template is related.

use std::path::Path;
use std::sync::Arc;

use super::traced::Place;
use crate::model::trace;
use crate::model::Workload;

/// What is known of where an evaluated definition's values came from.
pub struct Provenance<'a> {
    /// The file being linted: places in it are reported, others are related.
    pub linted: &'a Path,
    /// The file of the definition (a module's file for a module instance).
    pub template_file: &'a Arc<Path>,
    /// Body pointer → the places its value came from, origin first.
    pub origins: &'a [(String, Vec<Place>)],
    /// Body pointer of a generated block → the block that generated it and its content.
    pub uses: &'a [(String, String, String)],
    /// Where to report when no place is in the linted file (the module call).
    pub fallback: Option<&'a Place>,
    /// The definition's own pointer: never given a descendant's origin.
    pub root: &'a str,
    /// The instance to name, when one definition makes several or lives elsewhere.
    pub instance: Option<&'a str>,
}

impl Provenance<'_> {
    /// Whether the definition is simply what is written (nothing to trace).
    pub fn is_plain(&self) -> bool {
        self.origins.is_empty()
            && self.uses.is_empty()
            && self.fallback.is_none()
            && self.instance.is_none()
    }

    /// `workload` with every pointer traced.
    pub fn retrace(&self, mut workload: Workload) -> Workload {
        if self.is_plain() {
            return workload;
        }
        crate::model::pointers::visit(&mut workload, &mut |pointer| {
            if !trace::is_traced(pointer) {
                if let Some(traced) = self.trace_if_needed(pointer) {
                    *pointer = traced;
                }
            }
        });
        workload
    }

    /// The trace of a body pointer: where its value was written (itself, an ancestor's, or
    /// else its one descendant's origin), the template place that uses it, and the fallback
    /// when neither is in the linted file.
    pub fn trace(&self, pointer: &str) -> String {
        self.trace_if_needed(pointer)
            .unwrap_or_else(|| pointer.to_string())
    }

    /// The trace of `pointer`, or `None` when it is simply itself (no origin elsewhere, not
    /// generated, in the linted file, no instance to name): most facts, left untouched.
    fn trace_if_needed(&self, pointer: &str) -> Option<String> {
        let origin = self
            .origins
            .iter()
            .filter(|(at, _)| is_within(pointer, at))
            .max_by_key(|(at, _)| at.len())
            .or_else(|| {
                if pointer == self.root {
                    return None;
                }
                // A block whose one computed value came from elsewhere (`usb { host = var.x }`)
                // is about that value.
                let mut below = self.origins.iter().filter(|(at, _)| is_within(at, pointer));
                let first = below.next();
                match below.next() {
                    None => first,
                    Some(_) => None,
                }
            });
        let generated = self
            .uses
            .iter()
            .any(|(generated, _, _)| is_within(pointer, generated));
        if origin.is_none()
            && !generated
            && self.instance.is_none()
            && *self.template_file.as_ref() == *self.linted
        {
            return None;
        }
        let used_at = self
            .uses
            .iter()
            .filter(|(generated, _, _)| is_within(pointer, generated))
            .max_by_key(|(generated, _, _)| generated.len())
            .map(|(generated, block, content)| match pointer == generated {
                true => block.clone(),
                false => format!("{content}{}", &pointer[generated.len()..]),
            })
            .unwrap_or_else(|| pointer.to_string());
        let mut places: Vec<Place> = origin.map(|(_, from)| from.clone()).unwrap_or_default();
        places.push(Place::new(self.template_file, used_at));
        places.dedup();
        let in_linted = |place: &Place| *place.file == *self.linted;
        let call = match places.iter().any(in_linted) {
            true => None,
            false => self.fallback,
        };
        let encode = |place: &Place| {
            let file = (!in_linted(place)).then(|| crate::paths::slash_path(&place.file));
            (file, place.pointer.clone())
        };
        let encoded: Vec<(Option<String>, String)> = places.iter().map(encode).collect();
        let call = call.map(encode);
        if origin.is_none()
            && self.instance.is_none()
            && call.is_none()
            && encoded.len() == 1
            && encoded[0].0.is_none()
            && encoded[0].1 == pointer
        {
            return None;
        }
        Some(trace::encode(&encoded, call.as_ref(), self.instance))
    }
}

fn is_within(pointer: &str, root: &str) -> bool {
    pointer == root || (pointer.starts_with(root) && pointer[root.len()..].starts_with('/'))
}
