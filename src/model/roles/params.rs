//! What a team changes in role inference, from `.vmlint.toml`:
//!
//! ```toml
//! [params.roles]              # role → words that suggest it; `!word` removes a built-in one
//! database = ["ledger", "!redis"]
//! scratch = ["ci runner"]      # a role of the team's own, for its own policies
//!
//! [params.role-words]         # the words that stop a guess, each list adjustable the same way
//! general = ["kiosk", "!proxy"]        # names of general-purpose services
//! organisations = ["tribe"]            # `<role word>-tribe` is an organisation
//! keys = ["stack"]                     # tag keys whose value says what the workload is
//! clients = ["bouncer"]                # package or Ansible-role words that are not the server
//! ```

use super::vocabulary::{
    CLIENT_PACKAGE_WORDS, GENERAL_WORDS, NAME_WORDS, ORGANISATION_WORDS, ROLE_KEYS,
};
use super::words::{word_matches, words};

/// One built-in word list with a team's additions and removals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Adjusted {
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl Adjusted {
    fn from_list(list: Option<&serde_json::Value>) -> Self {
        let mut adjusted = Adjusted::default();
        for item in list
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(serde_json::Value::as_str)
        {
            match item.strip_prefix('!') {
                Some(rest) => adjusted.removed.push(rest.to_ascii_lowercase()),
                None => adjusted.added.push(item.to_ascii_lowercase()),
            }
        }
        adjusted
    }

    /// `word` is in the list: a built-in word not removed (a numeric suffix allowed when
    /// `suffixed`), or an added one.
    fn holds(&self, built_in: &[&str], word: &str, suffixed: bool) -> bool {
        let matches = |listed: &str| {
            if suffixed {
                word_matches(word, listed)
            } else {
                word == listed
            }
        };
        (built_in.iter().any(|listed| matches(listed))
            && !self.removed.iter().any(|listed| matches(listed)))
            || self.added.iter().any(|listed| matches(listed))
    }

    fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// The words that stop a guess (`[params.role-words]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stops {
    pub general: Adjusted,
    pub organisations: Adjusted,
    pub keys: Adjusted,
    pub clients: Adjusted,
}

impl Stops {
    pub fn is_general(&self, word: &str) -> bool {
        self.general.holds(GENERAL_WORDS, word, true)
    }

    pub fn is_organisation(&self, word: &str) -> bool {
        self.organisations.holds(ORGANISATION_WORDS, word, false)
    }

    pub fn is_role_key(&self, key: &str) -> bool {
        self.keys.holds(ROLE_KEYS, key, false)
    }

    pub fn is_client(&self, word: &str) -> bool {
        self.clients.holds(CLIENT_PACKAGE_WORDS, word, false)
    }

    fn is_empty(&self) -> bool {
        self.general.is_empty()
            && self.organisations.is_empty()
            && self.keys.is_empty()
            && self.clients.is_empty()
    }
}

/// Words a team adds to (or, written `!word`, removes from) role inference, by role
/// (`[params.roles] database = ["ledger", "!redis"]` in `.vmlint.toml`); a role of its own
/// (`scratch`) may be named too, for its own policies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtraVocabulary {
    pub words: Vec<(String, Vec<String>)>,
    pub removed: Vec<(String, Vec<String>)>,
    pub stops: Stops,
}

impl ExtraVocabulary {
    /// From `data.vmlint.params.roles`: an object of role → list of words or phrases.
    pub fn from_params(params: &serde_json::Value) -> Self {
        let mut extra = ExtraVocabulary::default();
        for (role, list) in params
            .get("roles")
            .and_then(serde_json::Value::as_object)
            .into_iter()
            .flatten()
        {
            let mut added = Vec::new();
            let mut removed = Vec::new();
            for phrase in list
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
            {
                let (target, phrase) = match phrase.strip_prefix('!') {
                    Some(rest) => (&mut removed, rest),
                    None => (&mut added, phrase),
                };
                let phrase = words(phrase).join(" ");
                if !phrase.is_empty() {
                    target.push(phrase);
                }
            }
            extra.words.push((role.clone(), added));
            extra.removed.push((role.clone(), removed));
        }
        let lists = params.get("role-words");
        let list = |name: &str| Adjusted::from_list(lists.and_then(|lists| lists.get(name)));
        extra.stops = Stops {
            general: list("general"),
            organisations: list("organisations"),
            keys: list("keys"),
            clients: list("clients"),
        };
        extra
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.stops.is_empty()
    }

    /// The name vocabulary: the built-in words, with the team's added and removed.
    pub(super) fn names(&self) -> Vec<(String, Vec<String>)> {
        let mut vocabulary: Vec<(String, Vec<String>)> = NAME_WORDS
            .iter()
            .map(|(role, phrases)| {
                let phrases = phrases.iter().map(|p| p.to_string()).collect();
                (role.to_string(), phrases)
            })
            .collect();
        for (role, added) in &self.words {
            match vocabulary.iter_mut().find(|(known, _)| known == role) {
                Some((_, phrases)) => phrases.extend(added.iter().cloned()),
                None => vocabulary.push((role.clone(), added.clone())),
            }
        }
        for (role, removed) in &self.removed {
            if let Some((_, phrases)) = vocabulary.iter_mut().find(|(known, _)| known == role) {
                phrases.retain(|phrase| !removed.contains(phrase));
            }
        }
        vocabulary
    }
}
