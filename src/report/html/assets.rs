//! The report's inline assets and the Content-Security-Policy that admits exactly them: the
//! style sheet and the script are inlined (no file, font or script comes from the network) and
//! the page's `<meta>` policy allows only their SHA-256 hashes, so the report opens from an
//! artifact store or a mail attachment and passes a strict CSP — an injected `<script>` or
//! `style=` attribute would not run even if escaping failed.

use base64::Engine as _;
use sha2::{Digest, Sha256};

const STYLE: &str = include_str!("templates/report.css");
const SCRIPT: &str = include_str!("templates/report.js");

/// What the `<head>` of every report carries.
pub struct Head {
    pub policy: String,
    pub style: &'static str,
    pub script: &'static str,
}

fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

impl Default for Head {
    fn default() -> Head {
        Head::new()
    }
}

impl Head {
    pub fn new() -> Head {
        Head {
            policy: format!(
                "default-src 'none'; style-src {}; script-src {}; img-src data:; base-uri 'none'; form-action 'none'",
                hash(STYLE),
                hash(SCRIPT)
            ),
            style: STYLE,
            script: SCRIPT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_admits_the_inline_assets_by_hash_only() {
        let head = Head::new();
        assert!(head
            .policy
            .starts_with("default-src 'none'; style-src 'sha256-"));
        assert!(!head.policy.contains("unsafe-inline"));
        // SHA-256 is 32 bytes: 44 characters of base64.
        let style_hash = head.policy.split("'sha256-").nth(1).unwrap();
        assert_eq!(style_hash.find('\'').unwrap(), 44);
        assert_ne!(hash(STYLE), hash(SCRIPT));
    }

    #[test]
    fn the_inline_assets_cannot_close_their_own_elements() {
        assert!(!SCRIPT.to_ascii_lowercase().contains("</script"));
        assert!(!STYLE.to_ascii_lowercase().contains("</style"));
    }
}
