//! The site's page layout: header, consent banner, footer, stylesheet, scripts. Plain HTML
//! that works without JavaScript; the scripts are the site's own files, but for the Google
//! Consent Mode block, the one inline script, which carries the page's nonce: the
//! Content-Security-Policy (`security_headers`) allows no other inline script, and no inline
//! style.

use std::fmt::Write as _;

use cookie_registry::DeclaredCookie;
use cookie_registry::consent::Statistics;
use cookie_registry::declaration::Category;
use cookie_registry::interop::consent_mode::ConsentMode;

use crate::Site;
use crate::cookies::{AnalyticsPages, AnalyticsReferrer};
use crate::i18n::{Lang, Texts};
use crate::site::built;
use crate::visit::{Visit, name_of};

/// Escapes text for HTML content and double-quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A category's name and description in the interface.
pub(crate) fn category_texts(texts: &Texts, category: Category) -> (&'static str, &'static str) {
    match category {
        Category::Necessary => (texts.necessary_name, texts.necessary_text),
        Category::Functionality => (texts.functionality_name, texts.functionality_text),
        Category::Statistics => (texts.statistics_name, texts.statistics_text),
        Category::Marketing => (texts.marketing_name, texts.marketing_text),
    }
}

/// The names of the declared cookies of `category` that need consent (or, for necessary, all
/// necessary and exempt ones), comma-separated.
pub(crate) fn cookie_names(site: &Site, category: Category) -> String {
    let names: Vec<String> = site
        .registry
        .iter()
        .filter(|d| match category {
            Category::Necessary => d.consent_category().is_none(),
            other => d.consent_category() == Some(other),
        })
        .map(|d| d.name().to_string())
        .collect();
    names.join(", ")
}

/// The hidden fields every POST form carries: the CSRF token and where to come back to.
pub(crate) fn hidden_fields(visit: &Visit, back: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">\n<input type=\"hidden\" name=\"back\" value=\"{}\">\n",
        escape(&visit.csrf),
        escape(back)
    )
}

/// "Accept all" and "Reject all": one form, two buttons of the same size and style, side by
/// side, so that refusing is as easy as accepting. A form of its own, without text fields: no
/// Enter key can submit it by accident.
pub(crate) fn quick_choice_form(visit: &Visit, lang: Lang, back: &str) -> String {
    let texts = lang.texts();
    format!(
        "<form method=\"post\" action=\"/consent\" class=\"actions\">\n{}\
         <button type=\"submit\" class=\"button\" name=\"choice\" value=\"accept_all\">{}</button>\n\
         <button type=\"submit\" class=\"button\" name=\"choice\" value=\"reject_all\">{}</button>\n</form>\n",
        hidden_fields(visit, back),
        escape(texts.accept_all),
        escape(texts.reject_all),
    )
}

/// The per-category form: one checkbox per category that needs consent, and "Save my choices".
///
/// `checked` says which boxes start ticked: none on the banner (a pre-ticked box is not
/// consent), the current choice on the preferences page.
pub(crate) fn category_form(
    site: &Site,
    visit: &Visit,
    lang: Lang,
    checked: impl Fn(Category) -> bool,
    id_prefix: &str,
    back: &str,
) -> String {
    let texts = lang.texts();
    let mut out = format!(
        "<form method=\"post\" action=\"/consent\">\n{}",
        hidden_fields(visit, back)
    );
    let _ = write!(
        out,
        "<fieldset class=\"categories\">\n<legend>{}</legend>\n",
        escape(texts.choose_legend)
    );
    let (name, text) = category_texts(texts, Category::Necessary);
    let _ = writeln!(
        out,
        "<div class=\"choice\"><input type=\"checkbox\" id=\"{id_prefix}-necessary\" checked disabled aria-describedby=\"{id_prefix}-necessary-text\">\
         <div><label for=\"{id_prefix}-necessary\">{} <span class=\"muted\">({})</span></label>\
         <small id=\"{id_prefix}-necessary-text\">{} {} <code>{}</code></small></div></div>",
        escape(name),
        escape(texts.always_on),
        escape(text),
        escape(texts.cookies_label),
        escape(&cookie_names(site, Category::Necessary)),
    );
    // A category the visitor's Global Privacy Control signal refuses is not asked for.
    for &category in site.offered.iter().filter(|&&c| visit.asks_for(c)) {
        let (name, text) = category_texts(texts, category);
        let key = category.as_str();
        let _ = writeln!(
            out,
            "<div class=\"choice\"><input type=\"checkbox\" id=\"{id_prefix}-{key}\" name=\"{key}\" value=\"on\"{} aria-describedby=\"{id_prefix}-{key}-text\">\
             <div><label for=\"{id_prefix}-{key}\">{}</label>\
             <small id=\"{id_prefix}-{key}-text\">{} {} <code>{}</code></small></div></div>",
            if checked(category) { " checked" } else { "" },
            escape(name),
            escape(text),
            escape(texts.cookies_label),
            escape(&cookie_names(site, category)),
        );
    }
    let _ = write!(
        out,
        "<button type=\"submit\" class=\"button\" name=\"choice\" value=\"save\">{}</button>\n</fieldset>\n</form>\n",
        escape(texts.save_choices)
    );
    out
}

/// The consent banner, shown while the visitor has not chosen. Works without JavaScript: HTML
/// forms posting to `/consent`.
pub(crate) fn banner(site: &Site, visit: &Visit, lang: Lang) -> String {
    let texts = lang.texts();
    format!(
        "<section id=\"cookie-banner\" class=\"cookie-banner\" aria-labelledby=\"cookie-banner-title\">\n<div class=\"wrap\">\n\
         <h2 id=\"cookie-banner-title\">{}</h2>\n<p>{} <a href=\"/cookies?lang={}\">{}</a></p>\n{}{}</div>\n</section>\n",
        escape(texts.banner_title),
        escape(texts.banner_text),
        lang.code(),
        escape(texts.banner_more),
        quick_choice_form(visit, lang, &visit.here),
        category_form(site, visit, lang, |_| false, "banner", &visit.here),
    )
}

/// Which navigation entry a page is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nav {
    Home,
    Login,
    Policy,
    Preferences,
    None,
}

fn header(site: &Site, visit: &Visit, lang: Lang, current: Nav) -> String {
    let _ = site;
    let texts = lang.texts();
    let mut out = String::new();
    let _ = write!(
        out,
        "<header class=\"site-header\">\n<div class=\"wrap\">\n<a class=\"brand\" href=\"/\">{}</a>\n<nav aria-label=\"{}\">\n<ul>\n",
        escape(texts.site_name),
        escape(texts.nav_label)
    );
    let mut entries = vec![
        (Nav::Home, "/", texts.nav_home),
        (Nav::Policy, "/cookies", texts.nav_policy),
    ];
    if visit.user.is_none() {
        entries.push((Nav::Login, "/login", texts.nav_login));
    }
    for (nav, href, label) in entries {
        let current = if nav == current {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<li><a href=\"{href}\"{current}>{}</a></li>",
            escape(label)
        );
    }
    let _ = write!(
        out,
        "</ul>\n</nav>\n<p class=\"lang-switch\"><span>{}</span>",
        escape(texts.language_label)
    );
    for other in Lang::ALL {
        if other == lang {
            let _ = write!(
                out,
                " <strong lang=\"{0}\" aria-current=\"true\">{1}</strong>",
                other.code(),
                other.native_name()
            );
        } else {
            let _ = write!(
                out,
                " <a href=\"/lang/{0}?back={1}\" lang=\"{0}\" hreflang=\"{0}\">{2}</a>",
                other.code(),
                escape(&percent_encode(&visit.here)),
                other.native_name()
            );
        }
    }
    out.push_str("</p>\n</div>\n</header>\n");
    out
}

fn footer(site: &Site, lang: Lang) -> String {
    let texts = lang.texts();
    format!(
        "<footer class=\"site-footer\">\n<div class=\"wrap\">\n<nav aria-label=\"{}\"><ul>\
         <li><a href=\"/cookies\">{}</a></li><li><a href=\"/cookies/preferences\">{}</a></li></ul></nav>\n\
         <p>{} <code>{}</code></p>\n</div>\n</footer>\n",
        escape(texts.footer_label),
        escape(texts.nav_policy),
        escape(texts.nav_preferences),
        escape(texts.footer_revision),
        site.consent.revision(),
    )
}

/// Percent-encodes a path and query for use as a query parameter value.
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The chrome around a page's content.
pub(crate) struct Chrome {
    /// The link to the site's stylesheet and its script, for `<head>`.
    pub(crate) head: String,
    /// Before the content: banner, skip link, header.
    pub(crate) top: String,
    /// At the start of the content: the confirmation of a choice just saved, if any.
    pub(crate) status: String,
    /// After the content.
    pub(crate) bottom: String,
    /// Whether the top holds a form (the banner).
    pub(crate) has_form: bool,
}

pub(crate) fn chrome(site: &Site, visit: &Visit, lang: Lang, current: Nav) -> Chrome {
    let texts = lang.texts();
    let show_banner = !visit.consent.is_given();
    // The banner first: the first tab stop of a visitor who has not chosen yet is in it, and
    // the skip link cannot jump past it. It sits at the bottom of the screen all the same.
    let mut top = if show_banner {
        banner(site, visit, lang)
    } else {
        String::new()
    };
    let _ = writeln!(
        top,
        "<a class=\"skip-link\" href=\"#content\">{}</a>",
        escape(texts.skip_link)
    );
    top.push_str(&header(site, visit, lang, current));
    let mut status = if visit.saved && visit.consent.is_given() {
        format!(
            "<p class=\"notice saved\" role=\"status\" id=\"consent-saved\">{} {}</p>\n",
            escape(texts.consent_saved),
            crate::consent::choice_summary(site, lang, &visit.consent)
        )
    } else {
        String::new()
    };
    if visit.gpc_refuses() {
        let _ = writeln!(
            status,
            "<p class=\"notice\" id=\"gpc-honoured\">{}</p>",
            escape(texts.gpc_honoured)
        );
    }
    Chrome {
        // Consent Mode first: its default must be set before any other script runs.
        head: format!(
            "{}<link rel=\"stylesheet\" href=\"/static/site.css\">\n{}",
            consent_mode_scripts(visit),
            analytics_script(visit)
        ),
        top,
        status,
        bottom: footer(site, lang),
        has_form: show_banner,
    }
}

/// Google Consent Mode v2, rendered on the server from the visitor's consent, so that a
/// returning visitor's state is right before any tag loads: the `default` block on every page,
/// and the `update` call on the page a saved choice goes back to (`?consent=saved`). Inline
/// scripts carrying the page's nonce, the only ones its Content-Security-Policy allows; none
/// when no nonce could be drawn.
fn consent_mode_scripts(visit: &Visit) -> String {
    let Some(nonce) = visit.script_nonce() else {
        return String::new();
    };
    let mode = match ConsentMode::new().nonce(nonce.as_str()) {
        Ok(mode) => mode,
        Err(error) => {
            eprintln!("no Consent Mode block: {error}");
            return String::new();
        }
    };
    let mut scripts = mode.default_script(&visit.consent);
    if visit.saved && visit.consent.is_given() {
        scripts.push_str(&mode.update_script(&visit.consent));
    }
    scripts
}

/// The analytics script, decided on the server: `/static/analytics.js` for a visitor who
/// consented to statistics, with the attributes of what it writes taken from the declarations;
/// otherwise `/static/forget-analytics.js`, which removes what it kept in `localStorage`.
/// Without JavaScript, neither runs, and the server-set cookies follow the same consent.
fn analytics_script(visit: &Visit) -> String {
    let pages = escape(name_of::<AnalyticsPages>());
    let Ok(granted) = visit.consent.granted::<Statistics>() else {
        return format!(
            "<script src=\"/static/forget-analytics.js\" data-pages-key=\"{pages}\" defer></script>\n"
        );
    };
    // The declaration's own `Set-Cookie` attributes, which `document.cookie` takes as they are.
    let referrer = name_of::<AnalyticsReferrer>();
    let Some(attributes) = built(AnalyticsReferrer::header("0", granted)).and_then(|header| {
        header
            .strip_prefix(&format!("{referrer}=0"))
            .map(str::to_string)
    }) else {
        return String::new();
    };
    let lifetime = AnalyticsPages::DECLARATION.max_age_seconds().unwrap_or(0);
    format!(
        "<script src=\"/static/analytics.js\" data-referrer-cookie=\"{}\" data-cookie-attributes=\"{}\" \
         data-pages-key=\"{pages}\" data-pages-lifetime=\"{lifetime}\" defer></script>\n",
        escape(referrer),
        escape(&attributes),
    )
}

/// `page` with each `<table>` inside a region of its own that scrolls sideways when the table is
/// wider than the screen (a phone), so that the page itself never does. The region is named
/// after the table's caption heading and takes the keyboard focus, so that it can be scrolled
/// without a pointer.
pub(crate) fn wrap_tables(page: &str) -> String {
    const CLOSE: &str = "</table>";
    let mut out = String::with_capacity(page.len() + 512);
    let mut rest = page;
    while let Some(start) = rest.find("<table") {
        let Some(length) = rest[start..].find(CLOSE) else {
            break;
        };
        let end = start + length + CLOSE.len();
        let table = &rest[start..end];
        let _ = write!(
            out,
            "{}<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n{table}\n</div>",
            &rest[..start],
            caption_heading(table),
        );
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The text of the first heading of a table's `<caption>`, as written (already escaped), without
/// any tag inside it; empty when there is none.
fn caption_heading(table: &str) -> String {
    let heading = table
        .find("<caption>")
        .and_then(|at| {
            let caption = &table[at..];
            let open = caption.find("<h")?;
            let text = &caption[open..];
            let start = text.find('>')? + 1;
            let end = text.find("</h")?;
            (start <= end).then(|| &text[start..end])
        })
        .unwrap_or_default();
    let mut out = String::with_capacity(heading.len());
    let mut in_tag = false;
    for c in heading.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// A whole page of the site.
pub(crate) fn layout(
    site: &Site,
    visit: &Visit,
    lang: Lang,
    current: Nav,
    title: &str,
    content: &str,
) -> (String, bool) {
    let texts = lang.texts();
    let chrome = chrome(site, visit, lang, current);
    let body_class = if chrome.has_form {
        " class=\"has-banner\""
    } else {
        ""
    };
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} – {}</title>\n{}</head>\n\
         <body{body_class}>\n{}<main id=\"content\" class=\"wrap\">\n{}{content}</main>\n{}</body>\n</html>\n",
        lang.code(),
        escape(title),
        escape(texts.site_name),
        chrome.head,
        chrome.top,
        chrome.status,
        chrome.bottom,
    );
    (page, chrome.has_form)
}

/// `page` without its first inline `<style>` element (and the line break after it), and the
/// element's CSS; the page unchanged and no CSS when it has none.
///
/// For the policy page, which the library renders with an inline stylesheet: the CSS moves to
/// `/static/policy.css`, so that no page needs `style-src 'unsafe-inline'`.
pub(crate) fn take_inline_style(page: &str) -> (String, &str) {
    const OPEN: &str = "<style>";
    const CLOSE: &str = "</style>";
    let Some(open) = page.find(OPEN) else {
        return (page.to_string(), "");
    };
    let Some(close) = page[open..].find(CLOSE).map(|at| open + at) else {
        return (page.to_string(), "");
    };
    let css = page[open + OPEN.len()..close].trim_start_matches('\n');
    let rest = &page[close + CLOSE.len()..];
    let rest = rest.strip_prefix('\n').unwrap_or(rest);
    (format!("{}{rest}", &page[..open]), css)
}

/// The site's stylesheet, served at `/static/site.css`.
pub(crate) const STYLE: &str = include_str!("../static/site.css");

#[cfg(test)]
mod tests {
    use super::{take_inline_style, wrap_tables};

    #[test]
    fn each_table_scrolls_in_a_region_named_after_its_caption() {
        let page = "<p>x</p>\n<table class=\"t\">\n<caption>\n<h3>Necessary &amp; <span>exempt</span></h3>\n</caption>\n<tr><td>a</td></tr>\n</table>\n<table><tr><td>b</td></tr></table>";
        let wrapped = wrap_tables(page);
        assert_eq!(wrapped.matches("<div class=\"table-scroll\"").count(), 2);
        assert!(
            wrapped.contains("aria-label=\"Necessary &amp; exempt\">\n<table class=\"t\">"),
            "{wrapped}"
        );
        assert!(
            wrapped.contains("aria-label=\"\">\n<table><tr>"),
            "{wrapped}"
        );
        assert!(wrapped.starts_with("<p>x</p>\n<div") && wrapped.ends_with("</table>\n</div>"));
        // An unclosed table is left as it is.
        assert_eq!(wrap_tables("<table><tr>"), "<table><tr>");
    }

    #[test]
    fn the_inline_stylesheet_moves_out() {
        let page = "<head>\n<title>t</title>\n<style>\nmain { margin: 0; }\n</style>\n</head>\n";
        let (rest, css) = take_inline_style(page);
        assert_eq!(rest, "<head>\n<title>t</title>\n</head>\n");
        assert_eq!(css, "main { margin: 0; }\n");
        // No stylesheet, or an unclosed one: the page as it is.
        for page in ["<head></head>", "<head><style>a {}</head>"] {
            assert_eq!(take_inline_style(page), (page.to_string(), ""));
        }
    }
}
