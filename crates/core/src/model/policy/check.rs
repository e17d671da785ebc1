//! oslo.policy's check strings parsed into a tree (`and` binds tighter than `or`, `not`
//! tighter than both).

use std::fmt;

/// A parsed check string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// `@`, or an empty string: always passes.
    Always,
    /// `!`: never passes.
    Never,
    /// `rule:<name>`: another rule.
    Rule(String),
    /// `role:<name>`: the caller holds the role (case-insensitive; may use `%(key)s`).
    Role(String),
    /// `<credential or 'literal'>:<value or %(target_key)s>`.
    Generic {
        /// A credential name (`project_id`, `user_id`, `roles`…) or a quoted literal.
        kind: String,
        /// The value to compare, possibly with `%(key)s` substitutions from the target.
        value: String,
    },
    /// A check kind the portal cannot evaluate (`http:`, a custom plugin): the outcome is
    /// left to Glance.
    Opaque(String),
    /// `not <check>`.
    Not(Box<Check>),
    /// `<check> and <check> …`.
    And(Vec<Check>),
    /// `<check> or <check> …`.
    Or(Vec<Check>),
}

/// A check string that cannot be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The check string.
    pub input: String,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} in \"{}\"", self.problem, self.input)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    And,
    Or,
    Not,
    Check(String),
}

/// Splits like oslo.policy's `_parse_tokenize`: whitespace separates tokens, and parentheses
/// at either end of a word are tokens of their own.
fn tokenize(input: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for word in input.split_whitespace() {
        let mut word = word;
        while let Some(rest) = word.strip_prefix('(') {
            tokens.push(Token::Open);
            word = rest;
        }
        let mut closes = 0;
        while let Some(rest) = word.strip_suffix(')') {
            closes += 1;
            word = rest;
        }
        match word {
            "" => {}
            w if w.eq_ignore_ascii_case("and") => tokens.push(Token::And),
            w if w.eq_ignore_ascii_case("or") => tokens.push(Token::Or),
            w if w.eq_ignore_ascii_case("not") => tokens.push(Token::Not),
            w => tokens.push(Token::Check(w.to_string())),
        }
        tokens.extend(std::iter::repeat_n(Token::Close, closes));
    }
    tokens
}

impl Check {
    /// Parses a check string (oslo.policy's syntax: `and` binds tighter than `or`, `not`
    /// tighter than both).
    pub fn parse(input: &str) -> Result<Check, ParseError> {
        let tokens = tokenize(input);
        if tokens.is_empty() {
            return Ok(Check::Always);
        }
        let error = |problem: &str| ParseError {
            input: input.to_string(),
            problem: problem.to_string(),
        };
        let mut parser = Parser { tokens, at: 0 };
        let check = parser.or().map_err(|p| error(&p))?;
        if parser.at != parser.tokens.len() {
            return Err(error("unexpected text after the end of the rule"));
        }
        Ok(check)
    }

    fn atom(text: &str) -> Check {
        match text {
            "@" => return Check::Always,
            "!" => return Check::Never,
            _ => {}
        }
        let Some((kind, value)) = text.split_once(':') else {
            return Check::Opaque(text.to_string());
        };
        match kind {
            "rule" => Check::Rule(value.to_string()),
            "role" => Check::Role(value.to_string()),
            "http" | "https" => Check::Opaque(text.to_string()),
            _ => Check::Generic {
                kind: kind.to_string(),
                value: value.to_string(),
            },
        }
    }
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn or(&mut self) -> Result<Check, String> {
        self.chain(Token::Or, Self::and, Check::Or)
    }

    fn and(&mut self) -> Result<Check, String> {
        self.chain(Token::And, Self::not, Check::And)
    }

    /// `operand (op operand)*`, folded into `join` when there is more than one operand.
    fn chain(
        &mut self,
        op: Token,
        operand: fn(&mut Self) -> Result<Check, String>,
        join: fn(Vec<Check>) -> Check,
    ) -> Result<Check, String> {
        let mut parts = vec![operand(self)?];
        while self.peek() == Some(&op) {
            self.at += 1;
            parts.push(operand(self)?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            join(parts)
        })
    }

    fn not(&mut self) -> Result<Check, String> {
        if self.peek() == Some(&Token::Not) {
            self.at += 1;
            return Ok(Check::Not(Box::new(self.not()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Check, String> {
        match self.tokens.get(self.at).cloned() {
            Some(Token::Open) => {
                self.at += 1;
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return Err("a \"(\" is not closed".into());
                }
                self.at += 1;
                Ok(inner)
            }
            Some(Token::Check(text)) => {
                self.at += 1;
                Ok(Check::atom(&text))
            }
            Some(Token::Close) => Err("a \")\" has no \"(\"".into()),
            Some(Token::And | Token::Or | Token::Not) => {
                Err("an operator is missing its check".into())
            }
            None => Err("the rule ends where a check was expected".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_precedence_and_parentheses() {
        assert_eq!(
            Check::parse("role:a or role:b and not role:c").unwrap(),
            Check::Or(vec![
                Check::Role("a".into()),
                Check::And(vec![
                    Check::Role("b".into()),
                    Check::Not(Box::new(Check::Role("c".into())))
                ])
            ])
        );
        assert_eq!(Check::parse("((role:a))").unwrap(), Check::Role("a".into()));
        assert_eq!(Check::parse("  ").unwrap(), Check::Always);
        assert_eq!(Check::parse("!").unwrap(), Check::Never);
        assert!(matches!(
            Check::parse("http://x").unwrap(),
            Check::Opaque(_)
        ));
    }

    #[test]
    fn refuses_malformed_check_strings() {
        for bad in [
            "(role:a",
            "role:a)",
            "role:a or",
            "and role:a",
            "role:a role:b",
        ] {
            assert!(Check::parse(bad).is_err(), "{bad}");
        }
    }
}
