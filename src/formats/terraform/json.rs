//! Terraform JSON syntax (`.tf.json`) → Document, through jsonc-parser (dprint's), whose AST
//! keeps a byte range on every value and property, in strict JSON mode.
//!
//! Properties named `"//"` are Terraform's JSON comments: they are left out of the tree and
//! become the document's comments (their string value is the comment text).

use std::path::PathBuf;
use std::sync::Arc;

use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, ParseOptions};
use serde_json::{Map, Value};

use crate::document::{one_line, pointer, starts_own_line, Comment, Document, SourceMap, Span};
use crate::formats::{Format, ParseError};

/// Terraform reads strict JSON: no comments, trailing commas or JSON5 extensions.
fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

pub fn parse(path: PathBuf, source: Arc<str>) -> Result<Document, ParseError> {
    parse_as(path, source, Format::TerraformJson)
}

/// Strict JSON as a document of `format` (a plan rendered by `terraform show -json` too).
pub fn parse_as(path: PathBuf, source: Arc<str>, format: Format) -> Result<Document, ParseError> {
    let parsed = jsonc_parser::parse_to_ast(&source, &CollectOptions::default(), &strict())
        .map_err(|error| ParseError::at(error.range().start, error.kind().to_string()))?;
    let Some(value) = parsed.value else {
        return Err(ParseError::at(0, "empty file: expected a JSON object"));
    };
    let mut builder = TreeBuilder {
        source: &source,
        map: SourceMap::default(),
        comments: Vec::new(),
    };
    let range = value_range(&value);
    builder.map.insert(
        String::new(),
        Span::new(range.start, range.start + 1),
        range,
    );
    let tree = builder.value(&value, "");
    let TreeBuilder { map, comments, .. } = builder;
    Ok(Document::new(
        path,
        format,
        source.clone(),
        tree,
        map,
        comments,
    ))
}

struct TreeBuilder<'a> {
    source: &'a str,
    map: SourceMap,
    comments: Vec<Comment>,
}

impl TreeBuilder<'_> {
    fn value(&mut self, value: &ast::Value, at: &str) -> Value {
        match value {
            ast::Value::StringLit(string) => Value::String(string.value.to_string()),
            ast::Value::NumberLit(number) => number
                .value
                .parse::<serde_json::Number>()
                .map(Value::Number)
                .unwrap_or_else(|_| Value::String(number.value.to_string())),
            ast::Value::BooleanLit(boolean) => Value::Bool(boolean.value),
            ast::Value::NullKeyword(_) => Value::Null,
            ast::Value::Array(array) => {
                let mut values = Vec::with_capacity(array.elements.len());
                for (index, element) in array.elements.iter().enumerate() {
                    let element_at = pointer::push_index(at, index);
                    let range = value_range(element);
                    let focus =
                        one_line(self.source, range, Span::new(range.start, range.start + 1));
                    self.map.insert(element_at.clone(), focus, range);
                    values.push(self.value(element, &element_at));
                }
                Value::Array(values)
            }
            ast::Value::Object(object) => {
                let mut values = Map::new();
                for property in &object.properties {
                    let name = property.name.as_str();
                    let full = Span::new(property.range.start, property.range.end);
                    if name == "//" {
                        self.comment(property, full);
                        continue;
                    }
                    let property_at = pointer::push(at, name);
                    let key = name_range(&property.name);
                    let focus = one_line(self.source, full, key);
                    self.map.insert(property_at.clone(), focus, full);
                    let converted = self.value(&property.value, &property_at);
                    values.insert(name.to_string(), converted);
                }
                Value::Object(values)
            }
        }
    }

    fn comment(&mut self, property: &ast::ObjectProp, full: Span) {
        let text = match &property.value {
            ast::Value::StringLit(string) => string.value.to_string(),
            other => {
                let range = value_range(other);
                self.source[range.start..range.end].to_string()
            }
        };
        self.comments.push(Comment {
            text: text.trim().to_string(),
            span: full,
            own_line: starts_own_line(self.source, full.start),
        });
    }
}

fn name_range(name: &ast::ObjectPropName) -> Span {
    let range = match name {
        ast::ObjectPropName::String(string) => string.range,
        ast::ObjectPropName::Word(word) => word.range,
    };
    Span::new(range.start, range.end)
}

fn value_range(value: &ast::Value) -> Span {
    let range = match value {
        ast::Value::StringLit(v) => v.range,
        ast::Value::NumberLit(v) => v.range,
        ast::Value::BooleanLit(v) => v.range,
        ast::Value::Object(v) => v.range,
        ast::Value::Array(v) => v.range,
        ast::Value::NullKeyword(v) => v.range,
    };
    Span::new(range.start, range.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_positions_and_turns_comment_keys_into_comments() {
        let source = r#"{
  "resource": {
    "proxmox_virtual_environment_vm": {
      "plc": {
        "//": "expect: VML101",
        "usb": [{"host": "0529:0001"}]
      }
    }
  }
}
"#;
        let doc = parse(PathBuf::from("a.tf.json"), Arc::from(source)).unwrap();
        assert_eq!(
            doc.tree,
            json!({"resource": {"proxmox_virtual_environment_vm": {"plc": {"usb": [{"host": "0529:0001"}]}}}})
        );
        assert_eq!(doc.comments.len(), 1);
        assert_eq!(doc.comments[0].text, "expect: VML101");
        assert!(doc.comments[0].own_line);
        let usb = doc
            .source_map
            .get("/resource/proxmox_virtual_environment_vm/plc/usb")
            .unwrap();
        let position = doc.position(usb.focus.start);
        assert_eq!((position.line, position.column), (6, 9));
        assert_eq!(
            &source[usb.focus.start..usb.focus.end],
            "\"usb\": [{\"host\": \"0529:0001\"}]"
        );
    }

    #[test]
    fn rejects_what_terraform_rejects() {
        let error =
            parse(PathBuf::from("a.tf.json"), Arc::from("{\n  \"a\": 1,\n}\n")).unwrap_err();
        // At the trailing comma.
        assert_eq!(error.span.map(|span| span.start), Some(10));
    }
}
