//! Proxmox property strings: `host=0000:01:00.0,pcie=1,x-vga=1`, where the first item may omit
//! its key (`01:00.0,pcie=1` means `host=01:00.0`).

/// The `key=value` items of a property string; a leading item without `=` gets `default_key`.
pub fn parse<'a>(value: &'a str, default_key: &'a str) -> Vec<(&'a str, &'a str)> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .enumerate()
        .map(|(index, item)| match item.split_once('=') {
            Some((key, value)) => (key.trim(), value.trim()),
            None if index == 0 => (default_key, item),
            None => (item, ""),
        })
        .collect()
}

/// The value of `key` in a property string.
pub fn get<'a>(value: &'a str, default_key: &'a str, key: &str) -> Option<&'a str> {
    parse(value, default_key)
        .into_iter()
        .find(|(name, _)| *name == key)
        .map(|(_, value)| value)
}

/// True for `1`, `true`, `on`, `yes`.
pub fn is_true(value: &str) -> bool {
    matches!(value, "1" | "true" | "on" | "yes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_item_may_omit_its_key() {
        assert_eq!(
            parse("01:00.0,pcie=1", "host"),
            vec![("host", "01:00.0"), ("pcie", "1")]
        );
        assert_eq!(
            get("virtio=AA:BB,bridge=vmbr0", "model", "bridge"),
            Some("vmbr0")
        );
        assert_eq!(get("spice", "host", "host"), Some("spice"));
    }
}
