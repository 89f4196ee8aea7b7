//! "Enabled once per crate", and "a cookie name belongs to one preset per crate".
//!
//! `#[cookie]` already refuses a name declared twice in one crate, but its message asks to
//! delete a declaration the app never wrote. Every preset call of a compilation runs in the
//! same compiler process, so the presets remember what was enabled where, and say it in their
//! own terms: which preset, where, and what to write instead.
//!
//! As `#[cookie]`'s own check does, this one stands aside inside an IDE's macro server, which
//! outlives compilations and expands an invocation again after every edit.

use std::collections::HashMap;
use std::sync::Mutex;

use proc_macro2::Span;

use crate::catalogue::{Service, When};

/// File, line and column of an invocation.
type Site = (String, usize, usize);

#[derive(Default)]
struct Claims {
    /// (crate, preset) -> where it was enabled.
    presets: HashMap<(String, &'static str), Site>,
    /// (crate, cookie name) -> the preset that declares it, and where.
    names: HashMap<(String, &'static str), (&'static Service, Site)>,
}

static CLAIMS: Mutex<Option<Claims>> = Mutex::new(None);

/// Records that `service` declares `names` in this crate, from the invocation at `span`.
pub fn claim(service: &'static Service, names: &[&'static str], span: Span) -> Result<(), String> {
    if std::env::var_os("RUST_ANALYZER_INTERNALS_DO_NOT_USE").is_some() {
        return Ok(());
    }
    let krate = format!(
        "{}/{}",
        std::env::var("CARGO_PKG_NAME").unwrap_or_default(),
        std::env::var("CARGO_CRATE_NAME").unwrap_or_default()
    );
    let site = span.unwrap();
    let here: Site = (site.file(), site.line(), site.column());
    let mut claims = CLAIMS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let claims = claims.get_or_insert_with(Claims::default);

    match claims.presets.get(&(krate.clone(), service.name)) {
        // The same invocation expanded again (a doctest compiled twice, say) is not a second one.
        Some(first) if *first == here => return Ok(()),
        Some(first) => {
            return Err(format!(
                "`{name}!` is already enabled in this crate at {}:{}:{}: enable each preset once, and \
                 refer to its module from elsewhere (its cookies would otherwise be declared twice)",
                first.0,
                first.1,
                first.2,
                name = service.name,
            ));
        }
        None => {}
    }
    for name in names {
        if let Some((other, site)) = claims.names.get(&(krate.clone(), *name)) {
            return Err(format!(
                "`{this}!` declares `{name}`, which `{other}!` already declares at {}:{}:{}: a crate \
                 declares each cookie name once{hint}",
                site.0,
                site.1,
                site.2,
                this = service.name,
                other = other.name,
                hint = shared_name_hint(service, other, name),
            ));
        }
    }
    claims
        .presets
        .insert((krate.clone(), service.name), here.clone());
    for name in names {
        claims
            .names
            .insert((krate.clone(), *name), (service, here.clone()));
    }
    Ok(())
}

/// How to resolve a name both presets declare: the flag of either that leaves it to the other.
fn shared_name_hint(this: &Service, other: &Service, name: &str) -> String {
    for (owner, yields_to) in [(this, other), (other, this)] {
        let flag = owner.cookies.iter().find_map(|c| match c.when {
            When::Without(flag) if c.name == name && !flag.starts_with("do_") => Some(flag),
            _ => None,
        });
        if let Some(flag) = flag {
            return format!(
                ": write `{}!({flag})`, and the cookie is declared once, by `{}!`",
                owner.name, yields_to.name
            );
        }
    }
    String::new()
}
