//! Terraform native syntax (`.tf`) → Document, through hcl-edit, which keeps a byte span on
//! every node (hcl-rs keeps none).
//!
//! Tree shape, close to Terraform's JSON syntax so that `.tf` and `.tf.json` read alike:
//! attributes are keys; a block with labels nests one object level per label and ends in an
//! array of bodies (`resource.aws_instance.web[0]`); a block without labels is an array of
//! bodies (`usb[0]`). Literal values keep their JSON type; any other expression is kept as its
//! source text wrapped in `${…}`, Terraform's own marker for "computed", never guessed.

use std::path::PathBuf;
use std::sync::Arc;

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Block, BlockLabel, Body, Structure};
use serde_json::{Map, Value};

use super::comments;
use crate::document::{one_line, pointer, Document, SourceMap, Span};
use crate::formats::{Format, ParseError};

pub fn parse(path: PathBuf, source: Arc<str>) -> Result<Document, ParseError> {
    let body = hcl_edit::parser::parse_body(&source).map_err(|error| {
        let offset = error.location().offset().min(source.len());
        ParseError::at(offset, error.message().to_string())
    })?;
    let mut builder = TreeBuilder {
        source: &source,
        map: SourceMap::default(),
    };
    let mut root = Map::new();
    builder.body(&body, "", &mut root);
    let source_map = builder.map;
    let comments = comments::collect(&source);
    Ok(Document::new(
        path,
        Format::Terraform,
        source,
        Value::Object(root),
        source_map,
        comments,
    ))
}

struct TreeBuilder<'a> {
    source: &'a str,
    map: SourceMap,
}

impl TreeBuilder<'_> {
    fn body(&mut self, body: &Body, base: &str, out: &mut Map<String, Value>) {
        for structure in body.iter() {
            match structure {
                Structure::Attribute(attribute) => {
                    let key = attribute.key.as_str().to_string();
                    let at = pointer::push(base, &key);
                    let full = span_of(attribute).unwrap_or_default();
                    let key_span = span_of(&attribute.key).unwrap_or(full);
                    self.map
                        .insert(at.clone(), one_line(self.source, full, key_span), full);
                    let value = self.expression(&attribute.value, &at);
                    out.insert(key, value);
                }
                Structure::Block(block) => self.block(block, base, out),
            }
        }
    }

    fn block(&mut self, block: &Block, base: &str, out: &mut Map<String, Value>) {
        let full = span_of(block).unwrap_or_default();
        let header = self.block_header(block, full);
        let ident = block.ident.as_str().to_string();
        let mut at = pointer::push(base, &ident);
        self.map.insert(at.clone(), header, full);

        // Walk (and create) one object level per label.
        let mut slot: &mut Map<String, Value> = out;
        let mut key = ident;
        for label in &block.labels {
            let label = match label {
                BlockLabel::Ident(ident) => ident.as_str().to_string(),
                BlockLabel::String(string) => string.as_str().to_string(),
            };
            let entry = slot.entry(key).or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            slot = entry.as_object_mut().expect("just made an object");
            at = pointer::push(&at, &label);
            self.map.insert(at.clone(), header, full);
            key = label;
        }
        let bodies = slot.entry(key).or_insert_with(|| Value::Array(Vec::new()));
        if !bodies.is_array() {
            *bodies = Value::Array(Vec::new());
        }
        let bodies = bodies.as_array_mut().expect("just made an array");
        let element = pointer::push_index(&at, bodies.len());
        self.map.insert(element.clone(), header, full);
        let mut inner = Map::new();
        self.body(&block.body, &element, &mut inner);
        bodies.push(Value::Object(inner));
    }

    /// `resource "type" "name"`: the identifier through the last label.
    fn block_header(&self, block: &Block, full: Span) -> Span {
        let start = span_of(&block.ident).map_or(full.start, |span| span.start);
        let end = block
            .labels
            .last()
            .and_then(|label| match label {
                BlockLabel::Ident(ident) => span_of(ident),
                BlockLabel::String(string) => span_of(string),
            })
            .or_else(|| span_of(&block.ident))
            .map_or(full.end, |span| span.end);
        Span::new(start, end)
    }

    fn expression(&mut self, expression: &Expression, at: &str) -> Value {
        match expression {
            Expression::Null(_) => Value::Null,
            Expression::Bool(value) => Value::Bool(*value.value()),
            Expression::Number(number) => number
                .to_string()
                .parse::<serde_json::Number>()
                .map(Value::Number)
                .unwrap_or_else(|_| Value::String(number.to_string())),
            Expression::String(string) => Value::String(string.value().to_string()),
            Expression::Array(array) => {
                let mut values = Vec::with_capacity(array.len());
                for (index, element) in array.iter().enumerate() {
                    let element_at = pointer::push_index(at, index);
                    if let Some(span) = span_of(element) {
                        self.map.insert(element_at.clone(), span, span);
                    }
                    values.push(self.expression(element, &element_at));
                }
                Value::Array(values)
            }
            Expression::Object(object) => {
                let mut values = Map::new();
                for (key, value) in object.iter() {
                    let name = match key {
                        ObjectKey::Ident(ident) => ident.as_str().to_string(),
                        ObjectKey::Expression(Expression::String(string)) => {
                            string.value().to_string()
                        }
                        ObjectKey::Expression(other) => self.text(other),
                    };
                    let key_at = pointer::push(at, &name);
                    let key_span = span_of(key);
                    let value_span = span_of(value.expr());
                    if let (Some(key_span), Some(value_span)) = (key_span, value_span) {
                        let full = Span::new(key_span.start, value_span.end);
                        self.map.insert(
                            key_at.clone(),
                            one_line(self.source, full, key_span),
                            full,
                        );
                    }
                    let converted = self.expression(value.expr(), &key_at);
                    values.insert(name, converted);
                }
                Value::Object(values)
            }
            Expression::StringTemplate(template) => {
                let text = self.text(template);
                Value::String(strip_quotes(&text).to_string())
            }
            Expression::HeredocTemplate(heredoc) => {
                let text = self.text(heredoc.as_ref());
                Value::String(heredoc_body(&text))
            }
            Expression::Parenthesis(inner) => self.expression(inner.inner(), at),
            other => Value::String(format!("${{{}}}", self.text(other))),
        }
    }

    fn text<T: hcl_edit::Span>(&self, node: &T) -> String {
        node.span()
            .and_then(|range| self.source.get(range))
            .unwrap_or_default()
            .trim()
            .to_string()
    }
}

fn span_of<T: hcl_edit::Span>(node: &T) -> Option<Span> {
    node.span().map(Span::from)
}

fn strip_quotes(text: &str) -> &str {
    text.strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(text)
}

/// The lines between `<<MARKER` and the closing marker.
fn heredoc_body(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    if lines.len() >= 2 {
        lines.remove(0);
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse_str(source: &str) -> Document {
        parse(PathBuf::from("t.tf"), Arc::from(source)).expect("parses")
    }

    #[test]
    fn blocks_nest_by_label_and_end_in_arrays() {
        let doc = parse_str(
            r#"resource "proxmox_virtual_environment_vm" "plc" {
  name = "plc-01"
  usb {
    host = "0529:0001"
  }
  tags = ["a", var.b]
  cores = 4
}
"#,
        );
        assert_eq!(
            doc.tree,
            json!({"resource": {"proxmox_virtual_environment_vm": {"plc": [{
                "name": "plc-01",
                "usb": [{"host": "0529:0001"}],
                "tags": ["a", "${var.b}"],
                "cores": 4
            }]}}})
        );
        let host = doc
            .source_map
            .get("/resource/proxmox_virtual_environment_vm/plc/0/usb/0/host")
            .unwrap();
        let position = doc.position(host.focus.start);
        assert_eq!((position.line, position.column), (4, 5));
        assert_eq!(
            &doc.source[host.focus.start..host.focus.end],
            "host = \"0529:0001\""
        );
        let usb = doc
            .source_map
            .get("/resource/proxmox_virtual_environment_vm/plc/0/usb/0")
            .unwrap();
        assert_eq!(&doc.source[usb.focus.start..usb.focus.end], "usb");
        let resource = doc
            .source_map
            .get("/resource/proxmox_virtual_environment_vm/plc/0")
            .unwrap();
        assert_eq!(
            &doc.source[resource.focus.start..resource.focus.end],
            "resource \"proxmox_virtual_environment_vm\" \"plc\""
        );
    }

    #[test]
    fn computed_values_are_kept_as_expressions() {
        let doc = parse_str("a = \"vm-${var.n}\"\nb = var.x ? 1 : 2\nc = (3)\n");
        assert_eq!(
            doc.tree,
            json!({"a": "vm-${var.n}", "b": "${var.x ? 1 : 2}", "c": 3})
        );
    }

    #[test]
    fn a_parse_error_has_a_location() {
        let error = parse(
            PathBuf::from("bad.tf"),
            Arc::from("resource \"a\" {\n  x = \n}\n"),
        )
        .expect_err("must fail");
        assert!(error.span.is_some());
        assert!(!error.message.is_empty());
    }
}
