//! Which of a session's tokens are still alive and must die: every token the portal obtained
//! in a tab is revoked at logout, and the tokens of a login the user replaced ("Get a fresh
//! token") as soon as nothing sends with them any more (an upload started with one keeps it
//! until it ends).
//!
//! Keystone ties a token to the one it was rescoped from (measured on Keystone 30): revoking
//! the token of a project switch's *old* project also revokes the new token (validation then
//! answers 404), while revoking the new one leaves the old one valid. So a token replaced by a
//! project switch cannot die while its login goes on; it is kept, per login ("chain"), and
//! revoked at logout, which is what left it alive before.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A token the session no longer uses as its own, and where to revoke it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetiredToken {
    /// The token id.
    pub token: String,
    /// The Keystone v3 base that issued it.
    pub identity_base: String,
    /// The login it belongs to: tokens rescoped from one another share it.
    #[serde(default)]
    pub chain: u64,
}

/// The tokens to revoke, and which of them transfers still send with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenLedger {
    retired: Vec<RetiredToken>,
    holds: BTreeMap<String, usize>,
}

impl TokenLedger {
    /// A ledger with the retired tokens a reloaded tab kept (nothing holds them: transfers do
    /// not survive a reload).
    pub fn restored(retired: Vec<RetiredToken>) -> Self {
        TokenLedger {
            retired,
            holds: BTreeMap::new(),
        }
    }

    /// The retired tokens not yet revoked (what a reload must keep).
    pub fn retired(&self) -> &[RetiredToken] {
        &self.retired
    }

    /// The session replaced `token`: it is to be revoked once nothing holds it.
    pub fn retire(&mut self, token: RetiredToken) {
        if !self.retired.iter().any(|t| t.token == token.token) {
            self.retired.push(token);
        }
    }

    /// A transfer sends with `token` until it calls [`TokenLedger::release`].
    pub fn hold(&mut self, token: &str) {
        *self.holds.entry(token.to_string()).or_default() += 1;
    }

    /// A transfer is done with `token`.
    pub fn release(&mut self, token: &str) {
        if let Some(n) = self.holds.get_mut(token) {
            *n -= 1;
            if *n == 0 {
                self.holds.remove(token);
            }
        }
    }

    /// Retired tokens to revoke now: nothing holds them, and they are not of the login in use
    /// (`current_chain`), whose token Keystone would revoke with them.
    pub fn revocable(&self, current_chain: Option<u64>) -> Vec<RetiredToken> {
        self.retired
            .iter()
            .filter(|t| !self.holds.contains_key(&t.token) && Some(t.chain) != current_chain)
            .cloned()
            .collect()
    }

    /// `token` is revoked (or Keystone says it no longer exists): forget it.
    pub fn revoked(&mut self, token: &str) {
        self.retired.retain(|t| t.token != token);
    }

    /// Logout: every retired token, held or not (the user ends the session's access).
    pub fn take_all(&mut self) -> Vec<RetiredToken> {
        self.holds.clear();
        std::mem::take(&mut self.retired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(token: &str) -> RetiredToken {
        RetiredToken {
            token: token.into(),
            identity_base: "/identity/v3".into(),
            chain: 1,
        }
    }

    #[test]
    fn a_replaced_token_is_revocable_at_once_when_nothing_sends_with_it() {
        let mut ledger = TokenLedger::default();
        ledger.retire(t("a"));
        ledger.retire(t("a"));
        assert_eq!(ledger.revocable(None), vec![t("a")]);
        ledger.revoked("a");
        assert!(ledger.revocable(None).is_empty() && ledger.retired().is_empty());
    }

    #[test]
    fn a_token_of_the_login_in_use_waits_for_logout() {
        let mut ledger = TokenLedger::default();
        ledger.retire(t("switched-from"));
        assert!(
            ledger.revocable(Some(1)).is_empty(),
            "revoking it would revoke the current token"
        );
        assert_eq!(
            ledger.revocable(Some(2)),
            vec![t("switched-from")],
            "after a fresh login"
        );
        assert_eq!(ledger.take_all(), vec![t("switched-from")]);
    }

    #[test]
    fn a_held_token_waits_for_its_last_transfer() {
        let mut ledger = TokenLedger::default();
        ledger.hold("a");
        ledger.hold("a");
        ledger.retire(t("a"));
        assert!(ledger.revocable(None).is_empty());
        ledger.release("a");
        assert!(
            ledger.revocable(None).is_empty(),
            "one upload still sends with it"
        );
        ledger.release("a");
        assert_eq!(ledger.revocable(None), vec![t("a")]);
        // Releasing more than was held changes nothing.
        ledger.release("a");
        assert_eq!(ledger.revocable(None), vec![t("a")]);
    }

    #[test]
    fn logout_takes_every_token_held_or_not_and_a_reload_keeps_the_unrevoked() {
        let mut ledger = TokenLedger::default();
        ledger.hold("a");
        ledger.retire(t("a"));
        ledger.retire(t("b"));
        let restored = TokenLedger::restored(ledger.retired().to_vec());
        assert_eq!(
            restored.revocable(None),
            vec![t("a"), t("b")],
            "no holds after a reload"
        );
        assert_eq!(ledger.take_all(), vec![t("a"), t("b")]);
        assert!(ledger.retired().is_empty() && ledger.revocable(None).is_empty());
    }
}
