//! Evaluation of one HCL expression or string template (hcl-edit's syntax tree) in a
//! [`Scope`]: operators, conditionals, traversals, splats, `for` expressions and function
//! calls; what cannot be known is [`Val::Unknown`].

use hcl_edit::expr::{
    BinaryOperator, Expression, ForExpr, ObjectKey, TraversalOperator, UnaryOperator,
};
use hcl_edit::template::{Element, Template};

use super::{functions, Scope, Traced, Val};

/// A string from the document tree that holds `${…}` or `%{…}`: a template, or (when it is
/// one interpolation) the value of its expression, unconverted, as Terraform does.
pub fn template(text: &str, scope: &Scope) -> Traced {
    if let Some(value) = plain_reference(text, scope) {
        return value;
    }
    match hcl_edit::parser::parse_template(text) {
        Ok(parsed) => template_value(&parsed, scope),
        Err(_) => Traced::unknown(),
    }
}

/// `${a.b.c}` made of identifiers and dots only — most expressions in real files (`var.node`,
/// `data.x.y.id`, `each.value`) — evaluated without parsing: the same result as the parser's
/// traversal, at a fraction of the cost. `None` for anything else.
fn plain_reference(text: &str, scope: &Scope) -> Option<Traced> {
    let inner = text.strip_prefix("${")?.strip_suffix('}')?;
    if inner.is_empty()
        || !inner.bytes().all(|byte| {
            byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'.' || byte == b'-'
        })
    {
        return None;
    }
    let mut parts = inner.split('.');
    let root = parts.next()?;
    if root.is_empty() || root.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return None;
    }
    let rest: Vec<&str> = parts.collect();
    if rest.iter().any(|part| part.is_empty()) {
        return None;
    }
    let (mut current, attributes) = match (root, rest.first()) {
        ("var", Some(name)) => (
            (scope.variables)(name).unwrap_or_else(Traced::unknown),
            &rest[1..],
        ),
        ("local", Some(name)) => (
            (scope.locals)(name).unwrap_or_else(Traced::unknown),
            &rest[1..],
        ),
        _ => match scope.lookup_iteration(root) {
            Some(value) => (value.clone(), &rest[..]),
            None => match rest.first() {
                Some(label) if root.contains('_') && root != "data" && root != "module" => (
                    (scope.resources)(root, label).unwrap_or_else(Traced::unknown),
                    &rest[1..],
                ),
                _ => return Some(Traced::unknown()),
            },
        },
    };
    for attribute in attributes {
        // A numeric part (`a.0`) is HCL's legacy index.
        current = match attribute.parse::<usize>() {
            Ok(index) => element(&current, index as f64),
            Err(_) => get(&current, attribute),
        };
    }
    Some(current)
}

fn template_value(template: &Template, scope: &Scope) -> Traced {
    if let Some(Element::Interpolation(interpolation)) = template.as_single_element() {
        return expression(&interpolation.expr, scope);
    }
    let mut text = String::new();
    let mut from = Vec::new();
    for element in template.iter() {
        match element {
            Element::Literal(literal) => text.push_str(literal.value()),
            Element::Interpolation(interpolation) => {
                let part = expression(&interpolation.expr, scope);
                match string_of(&part) {
                    Some(piece) => text.push_str(&piece),
                    None => return Traced::unknown(),
                }
                if from.is_empty() {
                    from = part.from;
                }
            }
            Element::Directive(_) => return Traced::unknown(),
        }
    }
    Traced {
        val: Val::String(text),
        from,
    }
}

/// A primitive as a string (numbers as Terraform prints them); `None` for anything else.
pub fn string_of(value: &Traced) -> Option<String> {
    match &value.val {
        Val::String(text) => Some(text.clone()),
        Val::Number(number) => Some(super::number_json(*number).to_string()),
        Val::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

pub fn expression(expression: &Expression, scope: &Scope) -> Traced {
    match expression {
        Expression::Null(_) => Traced::new(Val::Null),
        Expression::Bool(flag) => Traced::new(Val::Bool(*flag.value())),
        Expression::Number(number) => {
            Traced::new(number.to_string().parse().map_or(Val::Unknown, Val::Number))
        }
        Expression::String(text) => Traced::new(Val::String(text.value().to_string())),
        Expression::Array(items) => Traced::new(Val::List(
            items
                .iter()
                .map(|item| self::expression(item, scope))
                .collect(),
        )),
        Expression::Object(object) => {
            let mut entries = Vec::new();
            for (key, value) in object.iter() {
                let key = match key {
                    ObjectKey::Ident(ident) => ident.as_str().to_string(),
                    ObjectKey::Expression(key) => match string_of(&self::expression(key, scope)) {
                        Some(key) => key,
                        None => return Traced::unknown(),
                    },
                };
                entries.push((key, self::expression(value.expr(), scope)));
            }
            Traced::new(Val::Object(entries))
        }
        Expression::StringTemplate(template) => template_value(template, scope),
        Expression::HeredocTemplate(heredoc) => template_value(&heredoc.template, scope),
        Expression::Parenthesis(inner) => self::expression(inner.inner(), scope),
        Expression::Variable(name) => scope
            .lookup_iteration(name.as_str())
            .cloned()
            .unwrap_or_else(Traced::unknown),
        Expression::Conditional(conditional) => {
            match self::expression(&conditional.cond_expr, scope).val {
                Val::Bool(true) => self::expression(&conditional.true_expr, scope),
                Val::Bool(false) => self::expression(&conditional.false_expr, scope),
                _ => Traced::unknown(),
            }
        }
        Expression::FuncCall(call) => {
            if call.name.is_namespaced() {
                return Traced::unknown();
            }
            let arguments: Vec<&Expression> = call.args.iter().collect();
            functions::call(
                call.name.name.as_str(),
                &arguments,
                call.args.expand_final(),
                scope,
            )
        }
        Expression::Traversal(traversal) => traverse(&traversal.expr, &traversal.operators, scope),
        Expression::UnaryOp(operation) => {
            let operand = self::expression(&operation.expr, scope);
            match (operation.operator.value(), operand.val) {
                (UnaryOperator::Neg, Val::Number(number)) => Traced::new(Val::Number(-number)),
                (UnaryOperator::Not, Val::Bool(flag)) => Traced::new(Val::Bool(!flag)),
                _ => Traced::unknown(),
            }
        }
        Expression::BinaryOp(operation) => binary(
            *operation.operator.value(),
            self::expression(&operation.lhs_expr, scope),
            self::expression(&operation.rhs_expr, scope),
        ),
        Expression::ForExpr(for_expr) => for_expression(for_expr, scope),
    }
}

fn binary(operator: BinaryOperator, left: Traced, right: Traced) -> Traced {
    use BinaryOperator::*;
    let value = match (operator, &left.val, &right.val) {
        (Eq, l, r) if left.is_known() && right.is_known() => Val::Bool(l == r),
        (NotEq, l, r) if left.is_known() && right.is_known() => Val::Bool(l != r),
        (And, Val::Bool(l), Val::Bool(r)) => Val::Bool(*l && *r),
        (Or, Val::Bool(l), Val::Bool(r)) => Val::Bool(*l || *r),
        (_, Val::Number(l), Val::Number(r)) => match operator {
            Plus => Val::Number(l + r),
            Minus => Val::Number(l - r),
            Mul => Val::Number(l * r),
            Div if *r != 0.0 => Val::Number(l / r),
            Mod if *r != 0.0 => Val::Number(l % r),
            Less => Val::Bool(l < r),
            LessEq => Val::Bool(l <= r),
            Greater => Val::Bool(l > r),
            GreaterEq => Val::Bool(l >= r),
            _ => Val::Unknown,
        },
        _ => Val::Unknown,
    };
    Traced::new(value)
}

/// `var.x`, `local.y`, `each.value.usb`, `proxmox_virtual_environment_vm.cad.vm_id`, `a[0]`,
/// `list[*].id`.
fn traverse(
    root: &Expression,
    operators: &[hcl_edit::Decorated<TraversalOperator>],
    scope: &Scope,
) -> Traced {
    let mut rest = operators;
    let mut current = match root {
        Expression::Variable(name) => {
            let name = name.as_str();
            let attribute = match operators.first().map(|operator| operator.value()) {
                Some(TraversalOperator::GetAttr(attribute)) => Some(attribute.as_str()),
                _ => None,
            };
            match (name, attribute) {
                ("var", Some(attribute)) => {
                    rest = &operators[1..];
                    (scope.variables)(attribute).unwrap_or_else(Traced::unknown)
                }
                ("local", Some(attribute)) => {
                    rest = &operators[1..];
                    (scope.locals)(attribute).unwrap_or_else(Traced::unknown)
                }
                _ => match scope.lookup_iteration(name) {
                    Some(value) => value.clone(),
                    None => match attribute {
                        // `<type>.<label>`: a resource of this module.
                        Some(label) if name.contains('_') => {
                            rest = &operators[1..];
                            (scope.resources)(name, label).unwrap_or_else(Traced::unknown)
                        }
                        _ => return Traced::unknown(),
                    },
                },
            }
        }
        other => expression(other, scope),
    };
    for (index, operator) in rest.iter().enumerate() {
        current = match operator.value() {
            TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                return splat(current, &rest[index + 1..], scope);
            }
            other => step(&current, other, scope),
        };
    }
    current
}

/// One attribute or index step of a traversal (a splat is the caller's).
fn step(current: &Traced, operator: &TraversalOperator, scope: &Scope) -> Traced {
    match operator {
        TraversalOperator::GetAttr(attribute) => get(current, attribute.as_str()),
        TraversalOperator::Index(index) => match expression(index, scope).val {
            Val::Number(number) => element(current, number),
            Val::String(key) => get(current, &key),
            _ => Traced::unknown(),
        },
        TraversalOperator::LegacyIndex(index) => element(current, *index.value() as f64),
        TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => Traced::unknown(),
    }
}

/// `list[*].attr…`: the rest of the traversal applied to every element.
fn splat(
    collection: Traced,
    rest: &[hcl_edit::Decorated<TraversalOperator>],
    scope: &Scope,
) -> Traced {
    let items = match collection.val {
        Val::List(items) => items,
        Val::Null => Vec::new(),
        Val::Unknown | Val::Absent => return Traced::unknown(),
        single => vec![Traced {
            val: single,
            from: collection.from,
        }],
    };
    let results = items
        .into_iter()
        .map(|item| {
            let mut current = item;
            for operator in rest {
                current = step(&current, operator.value(), scope);
            }
            current
        })
        .collect();
    Traced::new(Val::List(results))
}

/// An attribute of an object (`Absent` when a known object lacks it).
pub fn get(value: &Traced, key: &str) -> Traced {
    match (&value.val, value.field(key)) {
        (_, Some(item)) => item.clone(),
        (Val::Unknown, None) => Traced::unknown(),
        _ => Traced::new(Val::Absent),
    }
}

/// An element of a list by index (`Absent` out of range).
pub fn element(value: &Traced, index: f64) -> Traced {
    match &value.val {
        Val::List(items) if index >= 0.0 => items
            .get(index as usize)
            .cloned()
            .unwrap_or_else(|| Traced::new(Val::Absent)),
        Val::Object(_) => get(value, &super::number_json(index).to_string()),
        Val::Unknown => Traced::unknown(),
        _ => Traced::new(Val::Absent),
    }
}

/// The (key, value) pairs a collection iterates over: list indices or object keys.
pub fn pairs(collection: &Traced) -> Option<Vec<(Traced, Traced)>> {
    match &collection.val {
        Val::List(items) => Some(
            items
                .iter()
                .enumerate()
                .map(|(index, item)| (Traced::new(Val::Number(index as f64)), item.clone()))
                .collect(),
        ),
        Val::Object(entries) => Some(
            entries
                .iter()
                .map(|(key, item)| (Traced::new(Val::String(key.clone())), item.clone()))
                .collect(),
        ),
        _ => None,
    }
}

/// `[for k, v in coll : expr if cond]` and `{for k, v in coll : key => value}`.
fn for_expression(for_expr: &ForExpr, scope: &Scope) -> Traced {
    if for_expr.grouping {
        return Traced::unknown();
    }
    let collection = expression(&for_expr.intro.collection_expr, scope);
    let Some(pairs) = pairs(&collection) else {
        return Traced::unknown();
    };
    let mut inner = Scope {
        variables: scope.variables,
        locals: scope.locals,
        resources: scope.resources,
        iteration: scope.iteration.clone(),
    };
    let mut list = Vec::new();
    let mut object = Vec::new();
    for (key, value) in pairs {
        let depth = inner.iteration.len();
        if let Some(key_var) = &for_expr.intro.key_var {
            inner.iteration.push((key_var.as_str().to_string(), key));
        }
        inner
            .iteration
            .push((for_expr.intro.value_var.as_str().to_string(), value));
        let keep = match &for_expr.cond {
            Some(condition) => match expression(&condition.expr, &inner).val {
                Val::Bool(flag) => flag,
                _ => return Traced::unknown(),
            },
            None => true,
        };
        if keep {
            let item = expression(&for_expr.value_expr, &inner);
            match &for_expr.key_expr {
                Some(key_expr) => match string_of(&expression(key_expr, &inner)) {
                    Some(key) => object.push((key, item)),
                    None => return Traced::unknown(),
                },
                None => list.push(item),
            }
        }
        inner.iteration.truncate(depth);
    }
    Traced::new(match for_expr.key_expr {
        Some(_) => Val::Object(object),
        None => Val::List(list),
    })
}
