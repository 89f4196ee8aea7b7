//! What an invocation asks for: `matomo!(module = analytics, cookie_domain = "example.org",
//! cnil_exempt)`.
//!
//! Every mistake is reported at its token, and all of them in one build.

use cookie_registry_syntax::Errors;
use proc_macro2::{Span, TokenStream};
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token};

use crate::catalogue::{Service, SetBy};

/// The options of one invocation, checked against its service.
pub struct Options {
    /// The module the declarations go in; the service's name by default.
    pub module: Ident,
    /// The `Domain` of the cookies written on the site's domain, when given.
    pub cookie_domain: Option<LitStr>,
    /// `crate = "..."`: where the app finds cookie-registry, as written and as a path.
    pub krate: Option<(LitStr, syn::Path)>,
    /// The flags in force (the service's defaults when none was written).
    pub flags: Vec<String>,
}

impl Options {
    pub fn has(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

/// One comma-separated entry, before it is checked against the service.
enum Entry {
    Value(Ident, Value),
    Flag(Ident),
}

enum Value {
    Ident(Ident),
    Str(LitStr),
    /// Anything else, kept only to point at it.
    Other(TokenStream),
}

impl Parse for Entry {
    fn parse(input: ParseStream) -> syn::Result<Entry> {
        // `crate` is a keyword: read any identifier, keywords included.
        let key = input.call(syn::ext::IdentExt::parse_any)?;
        if !input.peek(Token![=]) {
            return Ok(Entry::Flag(key));
        }
        input.parse::<Token![=]>()?;
        let value = if input.peek(LitStr) {
            Value::Str(input.parse()?)
        } else if input.peek(Ident) {
            Value::Ident(input.parse()?)
        } else {
            let mut tokens = TokenStream::new();
            while !input.is_empty() && !input.peek(Token![,]) {
                let tt: proc_macro2::TokenTree = input.parse()?;
                tokens.extend([tt]);
            }
            Value::Other(tokens)
        };
        Ok(Entry::Value(key, value))
    }
}

const COMMON: &str = "`module = name`, `cookie_domain = \"example.org\"` and `crate = \"path::to::cookie_registry\"`";

/// Reads and checks the options; every problem goes to `errors`.
pub fn parse(service: &Service, input: TokenStream, errors: &mut Errors) -> Options {
    let mut options = Options {
        module: Ident::new(service.name, Span::call_site()),
        cookie_domain: None,
        krate: None,
        flags: Vec::new(),
    };
    let entries = match Punctuated::<Entry, Token![,]>::parse_terminated.parse2(input) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(syn::Error::new(
                error.span(),
                format!(
                    "`{}!` takes options separated by commas: {COMMON}{}",
                    service.name,
                    flags_sentence(service)
                ),
            ));
            return options;
        }
    };
    let mut seen: Vec<String> = Vec::new();
    let mut flags: Vec<Ident> = Vec::new();
    for entry in entries {
        let key = match &entry {
            Entry::Value(key, _) | Entry::Flag(key) => key.clone(),
        };
        let word = key.to_string();
        if seen.contains(&word) {
            errors.at(key.span(), format!("`{word}` is given twice: keep one"));
            continue;
        }
        seen.push(word.clone());
        match entry {
            Entry::Value(key, value) => value_option(service, &key, value, &mut options, errors),
            Entry::Flag(flag) => {
                if ["module", "cookie_domain", "crate"].contains(&word.as_str()) {
                    errors.at(
                        flag.span(),
                        format!("`{word}` takes a value: write {}", example(&word)),
                    );
                } else if service.flags.iter().any(|f| f.name == word) {
                    flags.push(flag);
                } else {
                    errors.at(
                        flag.span(),
                        format!(
                            "unknown option `{word}`: `{}!` takes {COMMON}{}",
                            service.name,
                            flags_sentence(service)
                        ),
                    );
                }
            }
        }
    }
    options.flags = if flags.is_empty() {
        service
            .default_flags
            .iter()
            .map(|f| f.to_string())
            .collect()
    } else {
        flags.iter().map(Ident::to_string).collect()
    };
    options
}

fn value_option(
    service: &Service,
    key: &Ident,
    value: Value,
    options: &mut Options,
    errors: &mut Errors,
) {
    let word = key.to_string();
    match (word.as_str(), value) {
        ("module", Value::Ident(module)) => options.module = module,
        ("cookie_domain", Value::Str(domain)) => {
            if service.cookies.iter().any(|c| {
                matches!(c.set_by, SetBy::Script { .. } | SetBy::SiteServer { .. })
            }) {
                options.cookie_domain = Some(domain);
            } else {
                errors.at(
                    key.span(),
                    format!(
                        "`cookie_domain` does not apply to `{}!`: its cookies live on {}'s own domain, \
                         not on yours; remove it",
                        service.name, service.provider
                    ),
                );
            }
        }
        ("crate", Value::Str(path)) => match path.parse::<syn::Path>() {
            Ok(parsed) => options.krate = Some((path, parsed)),
            Err(_) => errors.at(
                path.span(),
                format!(
                    "`{}` is not a path: `crate` names where cookie-registry is, such as `crate = \"my_crate::cookie_registry\"`",
                    path.value()
                ),
            ),
        },
        ("module" | "cookie_domain" | "crate", value) => {
            let span = match &value {
                Value::Ident(i) => i.span(),
                Value::Str(s) => s.span(),
                Value::Other(t) => t
                    .clone()
                    .into_iter()
                    .next()
                    .map_or(key.span(), |t| t.span()),
            };
            errors.at(span, format!("write {}", example(&word)));
        }
        (_, _) if service.flags.iter().any(|f| f.name == word) => errors.at(
            key.span(),
            format!("`{word}` is a flag and takes no value: write `{word}` alone"),
        ),
        (_, _) => errors.at(
            key.span(),
            format!(
                "unknown option `{word}`: `{}!` takes {COMMON}{}",
                service.name,
                flags_sentence(service)
            ),
        ),
    }
}

fn example(key: &str) -> &'static str {
    match key {
        "module" => "`module = name`, a Rust identifier for the module the declarations go in",
        "cookie_domain" => {
            "`cookie_domain = \"example.org\"`, the domain the service's script writes its cookies on"
        }
        _ => "`crate = \"path::to::cookie_registry\"`, where this crate finds cookie-registry",
    }
}

/// ", and the flags `a` (what it does), `b` (...)", or ", and no flag".
fn flags_sentence(service: &Service) -> String {
    if service.flags.is_empty() {
        return ", and no flag".to_string();
    }
    let flags: Vec<String> = service
        .flags
        .iter()
        .map(|f| format!("`{}` ({})", f.name, f.effect))
        .collect();
    format!(
        ", and the flag{} {}",
        if flags.len() == 1 { "" } else { "s" },
        flags.join(", ")
    )
}
