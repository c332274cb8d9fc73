//! Splitting names and tags into words, and finding vocabulary phrases among them: whole
//! words only (`gossip` is not `sip`), a numeric suffix allowed (`db01`), a product that a
//! case change split spelled whole again (`pfSense`).

/// A word of a name, and whether a case change (not a separator) split it from the previous
/// one, so that `pfSense` can still be read as `pfsense`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub joined: bool,
}

/// Lower-case words of `text`: split at every character that is not a letter or digit
/// (`-`, `_`, `.`, `/`, `=`, spaces) and at case changes (`plcGateway` → `plc`, `gateway`).
pub fn split(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut joined = false;
    let mut previous_lower = false;
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            if ch.is_ascii_uppercase() && previous_lower && !current.is_empty() {
                words.push(Word {
                    text: std::mem::take(&mut current),
                    joined,
                });
                joined = true;
            }
            previous_lower = ch.is_ascii_lowercase();
            current.push(ch.to_ascii_lowercase());
        } else {
            previous_lower = false;
            if !current.is_empty() {
                words.push(Word {
                    text: std::mem::take(&mut current),
                    joined,
                });
            }
            joined = false;
        }
    }
    if !current.is_empty() {
        words.push(Word {
            text: current,
            joined,
        });
    }
    words
}

/// The words of `text`, as strings.
pub fn words(text: &str) -> Vec<String> {
    split(text).into_iter().map(|word| word.text).collect()
}

/// A word matches a vocabulary word when equal, or equal but for a numeric suffix (`db01`).
pub fn word_matches(word: &str, vocabulary_word: &str) -> bool {
    match word.strip_prefix(vocabulary_word) {
        Some(rest) => rest.chars().all(|c| c.is_ascii_digit()),
        None => false,
    }
}

/// A phrase found among words: where it starts and how many words it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub length: usize,
}

impl Found {
    pub fn inside(self, other: Found) -> bool {
        other.start <= self.start && self.start + self.length <= other.start + other.length
    }
}

/// How many words from `at` spell `part`: one word, or up to three that only case changes
/// split (`pf`+`Sense` is `pfsense`), the last with a numeric suffix allowed. The words are
/// compared in place: this runs for every vocabulary phrase at every word of every name.
fn spell(words: &[Word], at: usize, part: &str) -> Option<usize> {
    let mut rest = part;
    for (offset, word) in words.iter().skip(at).take(3).enumerate() {
        if offset > 0 && !word.joined {
            break;
        }
        let text = word.text.as_str();
        if let Some(remaining) = rest.strip_prefix(text) {
            if remaining.is_empty() {
                return Some(offset + 1);
            }
            // The words so far spell the start of `part`: the next may finish it.
            rest = remaining;
            continue;
        }
        // `part` ends inside this word: a match when what follows is a numeric suffix.
        return text
            .strip_prefix(rest)
            .filter(|suffix| suffix.chars().all(|c| c.is_ascii_digit()))
            .map(|_| offset + 1);
    }
    None
}

/// Where `phrase` (space-separated words) occurs in `words`.
pub fn find(words: &[Word], phrase: &str) -> Vec<Found> {
    let Some(first) = phrase.split(' ').next() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for start in 0..words.len() {
        // Most phrases share no first letter with the word: skip them without a walk.
        if words[start].text.as_bytes().first() != first.as_bytes().first() {
            continue;
        }
        let mut at = start;
        let spelled = phrase.split(' ').all(|part| match spell(words, at, part) {
            Some(length) => {
                at += length;
                true
            }
            None => false,
        });
        if spelled {
            found.push(Found {
                start,
                length: at - start,
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_separators_and_case_changes() {
        assert_eq!(
            words("Owner=db-team/plcGateway.v2_x"),
            ["owner", "db", "team", "plc", "gateway", "v2", "x"]
        );
    }

    #[test]
    fn matches_whole_words_with_a_numeric_suffix() {
        let words = split("db01-gossip");
        assert_eq!(
            find(&words, "db"),
            [Found {
                start: 0,
                length: 1
            }]
        );
        assert!(find(&words, "sip").is_empty());
        assert_eq!(find(&split("order-router-1"), "order router").len(), 1);
    }

    #[test]
    fn a_product_split_by_case_is_still_the_product() {
        assert_eq!(
            find(&split("pfSense-2.7"), "pfsense"),
            [Found {
                start: 0,
                length: 2
            }]
        );
        assert_eq!(find(&split("FortiGate"), "fortigate").len(), 1);
        assert!(find(&split("pf-sense"), "pfsense").is_empty());
    }
}
