//! The layering inside the app crate, checked from the source text so that a wrong import
//! fails `cargo test` instead of waiting for a reviewer:
//!
//! ```text
//! pages ─▶ components ─▶ state ─▶ api (the browser executor) ─▶ glance-portal-core
//!                          └─▶ workers
//! ```
//!
//! The pure layers below (`api` requests, `model`, `flows`, `i18n`, `config`, `routes`) are the
//! `glance-portal-core` crate: the compiler holds them, and the last rule here is only that the
//! core crate gains no browser dependency.
//!
//! Each file under `src/` is lexed (comments, strings and character literals dropped, so
//! neither prose nor a message can trip it), its `use` trees are expanded (`use crate::{a, b}`,
//! `self`, `super`, renames, globs) and every other `x::y` path is collected. `self::` and
//! `super::` are resolved against the file's module and any inline `mod` it is in. Each
//! dependency is then held against the rules below; a failure names the file, the line, the
//! path as written and the rule it breaks.

use std::fs;
use std::path::Path;

/// Crates that exist for the browser; a prefix also covers its family (`leptos_router`,
/// `gloo_net`, `wasm_bindgen_futures`). The core crate may not depend on any of them.
const BROWSER_CRATES: [&str; 5] = ["leptos", "web_sys", "gloo", "wasm_bindgen", "js_sys"];

/// Which of the crate's own top-level modules a layer may not use.
struct Rule {
    /// How the report names the rule.
    name: &'static str,
    /// Whether the rule governs the file (path relative to `src/`).
    governs: fn(&str) -> bool,
    /// The modules off limits.
    forbidden: &'static [&'static str],
}

const RULES: &[Rule] = &[
    Rule {
        name: "api/ here is the browser executor: it sends what the core crate describes and \
               uses nothing from flows, state, pages, components, app or workers",
        governs: |f| f.starts_with("api/"),
        forbidden: &["flows", "state", "pages", "components", "app", "workers"],
    },
    Rule {
        name: "workers/ run apart from the page: nothing from state, pages, components or app",
        governs: |f| f.starts_with("workers/"),
        forbidden: &["state", "pages", "components", "app"],
    },
    Rule {
        name: "components/ render and emit events, used by pages, never the reverse: \
               nothing from pages or app, and no multi-step I/O (nothing from flows)",
        governs: |f| f.starts_with("components/"),
        forbidden: &["pages", "app", "flows"],
    },
    Rule {
        name: "state/ serves components and pages: nothing from components, pages or app",
        governs: |f| f.starts_with("state/"),
        forbidden: &["components", "pages", "app"],
    },
];

// ---------------------------------------------------------------------------------------------
// Lexing: just enough of Rust's to find paths without being fooled by text.

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    PathSep,
    Open(char),
    Close(char),
    Punct(char),
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    line: usize,
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Tokens of `source`, without comments, string, byte-string, raw-string and character
/// literals, each with its 1-based line.
fn lex(source: &str) -> Vec<Token> {
    let c: Vec<char> = source.chars().collect();
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // Skips a quoted literal whose opening quote is at `i`; returns the index after it.
    let skip_quoted = |mut i: usize, quote: char, line: &mut usize| -> usize {
        i += 1;
        while i < c.len() && c[i] != quote {
            if c[i] == '\n' {
                *line += 1;
            }
            i += if c[i] == '\\' { 2 } else { 1 };
        }
        i + 1
    };
    while i < c.len() {
        let ch = c[i];
        match ch {
            '\n' => {
                line += 1;
                i += 1;
            }
            _ if ch.is_whitespace() => i += 1,
            '/' if at(i + 1) == '/' => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '/' if at(i + 1) == '*' => {
                let mut depth = 0;
                loop {
                    if i >= c.len() {
                        break;
                    }
                    if c[i] == '/' && at(i + 1) == '*' {
                        depth += 1;
                        i += 2;
                    } else if c[i] == '*' && at(i + 1) == '/' {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if c[i] == '\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                }
            }
            '"' => i = skip_quoted(i, '"', &mut line),
            '\'' => {
                // A character literal ('x', '\n', '\u{1F600}') or a lifetime/label ('a).
                if at(i + 1) == '\\' {
                    i = skip_quoted(i, '\'', &mut line);
                } else if at(i + 2) == '\'' {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            ':' if at(i + 1) == ':' => {
                out.push(Token {
                    tok: Tok::PathSep,
                    line,
                });
                i += 2;
            }
            '{' | '(' | '[' => {
                out.push(Token {
                    tok: Tok::Open(ch),
                    line,
                });
                i += 1;
            }
            '}' | ')' | ']' => {
                out.push(Token {
                    tok: Tok::Close(ch),
                    line,
                });
                i += 1;
            }
            _ if ch.is_ascii_digit() => {
                while i < c.len() && is_ident_char(c[i]) {
                    i += 1;
                }
            }
            _ if is_ident_start(ch) => {
                let start = i;
                while i < c.len() && is_ident_char(c[i]) {
                    i += 1;
                }
                let word: String = c[start..i].iter().collect();
                let prefix = matches!(word.as_str(), "r" | "br" | "cr");
                if prefix && (at(i) == '"' || at(i) == '#') {
                    let hashes = c[i..].iter().take_while(|&&h| h == '#').count();
                    if at(i + hashes) == '"' {
                        // Raw string: ends at a quote followed by as many hashes.
                        i += hashes + 1;
                        while i < c.len() {
                            if c[i] == '"' && c[i + 1..].iter().take(hashes).all(|&h| h == '#') {
                                i += 1 + hashes;
                                break;
                            }
                            if c[i] == '\n' {
                                line += 1;
                            }
                            i += 1;
                        }
                        continue;
                    }
                    if word == "r" && hashes == 1 && is_ident_start(at(i + 1)) {
                        // Raw identifier `r#name`: the name is the identifier.
                        continue;
                    }
                }
                if matches!(word.as_str(), "b" | "c") && at(i) == '"' {
                    i = skip_quoted(i, '"', &mut line);
                    continue;
                }
                if word == "b" && at(i) == '\'' {
                    i = skip_quoted(i, '\'', &mut line);
                    continue;
                }
                out.push(Token {
                    tok: Tok::Ident(word),
                    line,
                });
            }
            _ => {
                out.push(Token {
                    tok: Tok::Punct(ch),
                    line,
                });
                i += 1;
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Paths: every `use` leaf and every `a::b` path, resolved where it names the crate itself.

/// What a path names.
#[derive(Clone, Debug, PartialEq)]
enum Target {
    /// An item of this crate, by absolute module path (empty: the crate root).
    Crate(Vec<String>),
    /// Another crate, or a name brought into scope locally (`keystone::x` after a `use`).
    Other(String),
}

/// One path found in a file.
#[derive(Clone, Debug)]
struct Dep {
    line: usize,
    /// The path as the source spells it (use trees expanded).
    written: String,
    target: Target,
}

/// The module path of a file under `src/`: `api/glance/tags.rs` → `api::glance::tags`,
/// `i18n/mod.rs` → `i18n`, `lib.rs` → the root.
fn module_of(file: &str) -> Vec<String> {
    let stem = file.trim_end_matches(".rs");
    let mut parts: Vec<String> = stem.split('/').map(str::to_string).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

fn resolve(module: &[String], segments: &[String]) -> Target {
    let rest = |skip: usize| -> Vec<String> {
        segments[skip..]
            .iter()
            .filter(|s| *s != "self")
            .cloned()
            .collect()
    };
    match segments[0].as_str() {
        // Binaries name the library by its crate name.
        "crate" | "glance_portal" => Target::Crate(rest(1)),
        "self" => Target::Crate([module.to_vec(), rest(1)].concat()),
        "super" => {
            let ups = segments.iter().take_while(|s| *s == "super").count();
            let base = &module[..module.len().saturating_sub(ups)];
            Target::Crate([base.to_vec(), rest(ups)].concat())
        }
        first => Target::Other(first.to_string()),
    }
}

fn ident(tokens: &[Token], i: usize) -> Option<&str> {
    match tokens.get(i).map(|t| &t.tok) {
        Some(Tok::Ident(s)) => Some(s),
        _ => None,
    }
}

fn is(tokens: &[Token], i: usize, tok: &Tok) -> bool {
    tokens.get(i).map(|t| &t.tok) == Some(tok)
}

/// Expands the use tree starting at `i` into leaf paths (with the line of each leaf) and
/// returns the index after it.
fn use_tree(
    tokens: &[Token],
    mut i: usize,
    mut prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, usize)>,
) -> usize {
    loop {
        match tokens.get(i).map(|t| &t.tok) {
            Some(Tok::PathSep) => i += 1,
            Some(Tok::Ident(s)) => {
                prefix.push(s.clone());
                let line = tokens[i].line;
                i += 1;
                if is(tokens, i, &Tok::PathSep) {
                    i += 1;
                    continue;
                }
                if ident(tokens, i) == Some("as") {
                    i += 2;
                }
                out.push((prefix, line));
                return i;
            }
            Some(Tok::Punct('*')) => {
                if !prefix.is_empty() {
                    out.push((prefix, tokens[i].line));
                }
                return i + 1;
            }
            Some(Tok::Open('{')) => {
                i += 1;
                while i < tokens.len() && !is(tokens, i, &Tok::Close('}')) {
                    let before = i;
                    i = use_tree(tokens, i, prefix.clone(), out);
                    if is(tokens, i, &Tok::Punct(',')) {
                        i += 1;
                    }
                    if i == before {
                        i += 1;
                    }
                }
                return i + 1;
            }
            _ => return i,
        }
    }
}

/// Every path in `source`, a file at `file` under `src/`.
fn dependencies(file: &str, source: &str) -> Vec<Dep> {
    let tokens = lex(source);
    let file_module = module_of(file);
    // Inline modules (`mod tests { … }`): name and the brace depth they opened at.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut deps = Vec::new();
    let module = |inline: &[(String, usize)]| -> Vec<String> {
        let mut m = file_module.clone();
        m.extend(inline.iter().map(|(n, _)| n.clone()));
        m
    };
    let mut push = |segments: Vec<String>, line: usize, inline: &[(String, usize)]| {
        let target = resolve(&module(inline), &segments);
        deps.push(Dep {
            line,
            written: segments.join("::"),
            target,
        });
    };
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].tok {
            Tok::Open('{') => {
                depth += 1;
                i += 1;
            }
            Tok::Close('}') => {
                depth -= 1;
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                i += 1;
            }
            Tok::Ident(w) if w == "mod" && is(&tokens, i + 2, &Tok::Open('{')) => {
                if let Some(name) = ident(&tokens, i + 1) {
                    inline.push((name.to_string(), depth));
                }
                i += 2;
            }
            Tok::Ident(w) if w == "use" => {
                let mut leaves = Vec::new();
                let end = use_tree(&tokens, i + 1, Vec::new(), &mut leaves);
                for (segments, line) in leaves {
                    push(segments, line, &inline);
                }
                i = end.max(i + 1);
            }
            Tok::Ident(w) if w == "extern" && ident(&tokens, i + 1) == Some("crate") => {
                if let Some(name) = ident(&tokens, i + 2) {
                    push(vec![name.to_string()], tokens[i].line, &inline);
                }
                i += 3;
            }
            Tok::Ident(first) if is(&tokens, i + 1, &Tok::PathSep) => {
                let line = tokens[i].line;
                let mut segments = vec![first.clone()];
                let mut j = i + 1;
                while is(&tokens, j, &Tok::PathSep) {
                    match ident(&tokens, j + 1) {
                        Some(s) => segments.push(s.to_string()),
                        None => break,
                    }
                    j += 2;
                }
                push(segments, line, &inline);
                i = j;
            }
            // `::leptos::x`, but not `<T as Trait>::x`.
            Tok::PathSep if i == 0 || !is(&tokens, i - 1, &Tok::Punct('>')) => {
                if let Some(s) = ident(&tokens, i + 1) {
                    push(vec![s.to_string()], tokens[i].line, &inline);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    deps
}

// ---------------------------------------------------------------------------------------------
// Rules applied.

fn is_browser_crate(name: &str) -> bool {
    BROWSER_CRATES
        .iter()
        .any(|c| name == *c || name.starts_with(&format!("{c}_")))
}

/// Every broken rule in one file, as `src/<file>:<line>: <path> — <rule>`.
fn check_source(file: &str, source: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let deps = dependencies(file, source);
    for rule in RULES.iter().filter(|r| (r.governs)(file)) {
        for dep in &deps {
            let Target::Crate(path) = &dep.target else {
                continue;
            };
            // A glob of the crate root (`use crate::*`) reaches every module.
            let broken = path
                .first()
                .is_none_or(|top| rule.forbidden.contains(&top.as_str()));
            if broken {
                problems.push(format!(
                    "src/{file}:{}: {} — {}",
                    dep.line, dep.written, rule.name
                ));
            }
        }
    }
    problems
}

fn rust_files(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, root, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy();
            out.push(rel.replace('\\', "/"));
        }
    }
}

#[test]
fn the_layers_hold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &root, &mut files);
    // A checker that silently read nothing would pass; these prove it read the tree.
    assert!(files.len() > 40, "only {} files under src/", files.len());
    for ruled in [
        "api/http.rs",
        "workers/hasher.rs",
        "components/pager.rs",
        "state/session.rs",
    ] {
        assert!(files.iter().any(|f| f == ruled), "{ruled} moved");
    }
    let mut problems = Vec::new();
    let mut crate_paths = 0;
    for file in &files {
        let source = fs::read_to_string(root.join(file)).unwrap();
        crate_paths += dependencies(file, &source)
            .iter()
            .filter(|d| matches!(d.target, Target::Crate(_)))
            .count();
        problems.extend(check_source(file, &source));
    }
    assert!(crate_paths > 200, "only {crate_paths} crate paths found");
    assert!(
        problems.is_empty(),
        "{} layering violation(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The pure layers are a crate of their own, and the compiler holds them only while that
/// crate cannot name a browser crate or this one.
#[test]
fn the_core_crate_depends_on_no_browser_crate() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core/Cargo.toml");
    let text = fs::read_to_string(&manifest).unwrap();
    let mut in_dependencies = false;
    let mut names = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_dependencies = line.ends_with("dependencies]");
        } else if in_dependencies && !line.is_empty() && !line.starts_with('#') {
            names.push(
                line.split(['=', ' ', '.'])
                    .next()
                    .unwrap()
                    .replace('-', "_"),
            );
        }
    }
    assert!(
        names.contains(&"serde".to_string()),
        "read nothing: {names:?}"
    );
    let browser: Vec<_> = names
        .iter()
        .filter(|n| is_browser_crate(n) || n.starts_with("glance_portal"))
        .collect();
    assert!(browser.is_empty(), "{}: {browser:?}", manifest.display());
}

// ---------------------------------------------------------------------------------------------
// The checker itself: it must fail on what it is meant to catch, and only on that.

#[test]
fn the_checker_flags_a_component_that_reaches_up() {
    let source = r##"
use crate::{i18n::Key, state::session::use_session};
use super::super::pages::images as p;
use crate::model::{self, query::{build_query, parse_query}};

/// crate::pages::images in a comment is not a dependency, /* nor */ in a block comment.
const S: &str = "crate::app in a string is not one either";
const R: &str = r#"nor crate::pages in a raw "string""#;
const C: char = '{';
fn f<'a>(x: &'a str) -> &'a str {
    let _ = crate::pages::images::ImagesPage;
    leptos::logging::log!("{x}");
    x
}

mod tests {
    use super::*;
    use crate::flows::import::watch_import;
}
"##;
    let problems = check_source("components/bad.rs", source);
    let found: Vec<(usize, &str)> = problems
        .iter()
        .map(|p| {
            let line = p.split(':').nth(1).unwrap().parse().unwrap();
            let path = p.split(": ").nth(1).unwrap().split(" — ").next().unwrap();
            (line, path)
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "super::super::pages::images"),
            (11, "crate::pages::images::ImagesPage"),
            (18, "crate::flows::import::watch_import"),
        ],
        "{problems:#?}"
    );
    assert!(problems[0].starts_with("src/components/bad.rs:3: "));
    assert!(problems[0].contains("components/ render and emit events"));
}

#[test]
fn the_checker_knows_each_layer() {
    let flagged = |file: &str, source: &str| !check_source(file, source).is_empty();
    // Components below pages.
    assert!(flagged(
        "components/web_download.rs",
        "let n = crate::pages::image_new::default_name(&u);"
    ));
    assert!(flagged(
        "components/x.rs",
        "use crate::{model::x, pages::images::y};"
    ));
    assert!(!flagged(
        "components/x.rs",
        "use leptos::prelude::*; use crate::state::x;"
    ));
    assert!(flagged("components/x.rs", "use crate::*;"));
    // The executor sends; it does not reach into the app.
    assert!(!flagged(
        "api/http.rs",
        "use gloo_net::http::Request; use super::client::Client; use crate::config::C;"
    ));
    assert!(flagged(
        "api/http.rs",
        "use crate::state::session::use_session;"
    ));
    assert!(flagged("api/http.rs", "use crate::flows::x;"));
    // Workers do not share the page's state.
    assert!(flagged(
        "workers/hasher.rs",
        "use crate::state::hashing::Hashing;"
    ));
    assert!(!flagged(
        "workers/hasher.rs",
        "use crate::workers::protocol::P;"
    ));
    // State below the views.
    assert!(!flagged(
        "state/session.rs",
        "use web_sys::Storage; use crate::api::http::BrowserClient;"
    ));
    assert!(flagged(
        "state/session.rs",
        "use crate::components::toast::Toast;"
    ));
}

#[test]
fn lexing_survives_rust_literals() {
    let tokens = lex("let a = b'\\''; let s = br#\"x\"#; let r#type = 1; 'outer: loop {}\n/* a /* nested */ b */ c");
    let idents: Vec<String> = tokens
        .iter()
        .filter_map(|t| match &t.tok {
            Tok::Ident(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        idents,
        ["let", "a", "let", "s", "let", "type", "outer", "loop", "c"]
    );
    assert_eq!(tokens.last().unwrap().line, 2);
    assert_eq!(module_of("api/glance/tags.rs"), ["api", "glance", "tags"]);
    assert_eq!(module_of("state/mod.rs"), ["state"]);
    assert!(module_of("lib.rs").is_empty());
}
