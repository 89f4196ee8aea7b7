//! The site's pages: home, language switch, cookie policy (HTML and JSON), stylesheets,
//! scripts, not found.

use bytes::Bytes;
use cookie_registry::DeclaredCookie;
use cookie_registry::consent::NoConsentNeeded;
use cookie_registry::declaration::Category;
use cookie_registry::render::{Format, PolicyOptions};

use crate::account::login_fields;
use crate::cookies::Language;
use crate::html::{
    Nav, STYLE, chrome, escape, hidden_fields, layout, take_inline_style, wrap_tables,
};
use crate::i18n::Lang;
use crate::outcome::Outcome;
use crate::site::{Site, built};
use crate::visit::{Visit, safe_local_path};

impl Site {
    /// `GET /`: the home page. For the benchmark of the enforcement: for a visitor who consented
    /// to everything, it sets four cookies (`__Host-csrftoken`, `django_language`, `_pk_id`,
    /// `_pk_ses`).
    pub fn home(&self, visit: &Visit) -> Outcome {
        let lang = visit.lang;
        let texts = lang.texts();
        let mut content = format!(
            "<h1>{}</h1>\n<p class=\"lead\">{}</p>\n<div class=\"grid\">\n<section class=\"card\" aria-labelledby=\"datasets-title\">\n<h2 id=\"datasets-title\">{}</h2>\n<ul>\n",
            escape(texts.home_title),
            escape(texts.home_intro),
            escape(texts.home_datasets_title)
        );
        for dataset in texts.home_datasets {
            content.push_str(&format!("<li>{}</li>\n", escape(dataset)));
        }
        content.push_str("</ul>\n</section>\n");
        // The player only with consent to marketing, decided here: without it the page holds
        // no frame at all, so nothing of the video host loads.
        let video = match (&self.video_host, visit.consent.grants(Category::Marketing)) {
            (Some(host), true) => format!(
                "<iframe class=\"video\" src=\"{}\" title=\"{}\"></iframe>",
                escape(&host.player_url(crate::video_host::VIDEO)),
                escape(texts.video_title)
            ),
            (None, true) => format!(
                "<div class=\"video\"><p>{}</p></div>",
                escape(texts.video_unavailable)
            ),
            (_, false) => format!(
                "<div class=\"video\"><p>{} <a href=\"/cookies/preferences\">{}</a></p></div>",
                escape(texts.video_blocked),
                escape(texts.nav_preferences)
            ),
        };
        content.push_str(&format!(
            "<section class=\"card\" aria-labelledby=\"video-title\">\n<h2 id=\"video-title\">{}</h2>\n{video}\n</section>\n",
            escape(texts.video_title)
        ));
        content.push_str(&format!("<section class=\"card\" aria-labelledby=\"account-title\">\n<h2 id=\"account-title\">{}</h2>\n", escape(texts.account_title)));
        match &visit.user {
            Some(user) => content.push_str(&format!(
                "<p>{} <strong>{}</strong></p>\n<form method=\"post\" action=\"/logout\">\n{}<button type=\"submit\" class=\"button\">{}</button>\n</form>\n",
                escape(texts.signed_in_as),
                escape(user),
                hidden_fields(visit, "/"),
                escape(texts.sign_out)
            )),
            None => content.push_str(&format!("<p>{}</p>\n{}", escape(texts.sign_in_prompt), login_fields(visit, lang, "home"))),
        }
        content.push_str("</section>\n</div>\n");
        let (html, _) = layout(self, visit, lang, Nav::Home, texts.nav_home, &content);
        // The home page refreshes the language cookie with the language it is shown in.
        let language = built(Language::header(lang.code(), NoConsentNeeded));
        self.page(visit, 200, html, true, language.into_iter().collect())
    }

    /// `GET /lang/{code}?back=/path`: sets `django_language` to `code` (`en` or `fr`) and goes
    /// back (`303`) to `back` when it is a local path, else to `/`; another code is the `404`
    /// page.
    pub fn set_language(&self, visit: &Visit, code: &str) -> Outcome {
        let Some(lang) = Lang::ALL.into_iter().find(|lang| lang.code() == code) else {
            return self.not_found(visit);
        };
        let back = query_param(visit.query.as_deref(), "back");
        let back = back.as_deref().and_then(safe_local_path).unwrap_or("/");
        Outcome::see_other(back).with_cookies(built(Language::header(lang.code(), NoConsentNeeded)))
    }

    /// `GET /cookies?lang=fr`: the cookie policy, rendered from the declarations as a standalone
    /// HTML page, with the site's header, banner and footer spliced in. The language is
    /// `?lang=`, else the visitor's language (the `django_language` cookie, else
    /// `Accept-Language`), else English.
    pub fn policy(&self, visit: &Visit) -> Outcome {
        let lang = query_lang(visit).unwrap_or(visit.lang);
        let texts = lang.texts();
        let rendered = PolicyOptions::new(lang.code())
            .map(|options| options.with_site(texts.site_name))
            .and_then(|options| self.registry.policy().render(Format::HtmlPage, &options));
        let page = match rendered {
            Ok(page) => page,
            Err(error) => {
                eprintln!("could not render the cookie policy: {error}");
                let content = format!(
                    "<h1>{}</h1>\n<p class=\"error\">{}</p>\n",
                    escape(texts.error_title),
                    escape(texts.error_text)
                );
                let (html, has_form) =
                    layout(self, visit, lang, Nav::Policy, texts.error_title, &content);
                return self.page(visit, 500, html, has_form, Vec::new());
            }
        };
        let chrome = chrome(self, visit, lang, Nav::Policy);
        let body_open = if chrome.has_form {
            "<body class=\"has-banner\">\n"
        } else {
            "<body>\n"
        };
        // The library's inline stylesheet is served as /static/policy.css (no inline style under
        // the Content-Security-Policy); the site's, after it, overrides it where both apply.
        // Each table scrolls sideways in its own region on a narrow screen.
        let (page, _) = take_inline_style(&page);
        let html = wrap_tables(&page)
            .replacen(
                "</head>",
                &format!(
                    "<link rel=\"stylesheet\" href=\"/static/policy.css\">\n{}</head>",
                    chrome.head
                ),
                1,
            )
            .replacen("<body>\n", &format!("{body_open}{}", chrome.top), 1)
            .replacen(
                "<main>",
                &format!("<main id=\"content\">\n{}", chrome.status),
                1,
            )
            .replacen("</body>", &format!("{}</body>", chrome.bottom), 1);
        self.page(visit, 200, html, chrome.has_form, Vec::new())
    }

    /// `GET /cookies.json?lang=fr`: the policy as cookie-registry's JSON document, with the
    /// declarations' revision, for tools that audit the site from outside
    /// (`cookie-registry-audit --policy http://127.0.0.1:3000/cookies.json ...`). Its texts are
    /// in `?lang=`, else English. Sets no cookie.
    pub fn policy_json(&self, visit: &Visit) -> Outcome {
        let lang = query_lang(visit).unwrap_or(Lang::En);
        let rendered = PolicyOptions::new(lang.code())
            .map(|options| options.with_site(lang.texts().site_name))
            .and_then(|options| self.registry.policy().render(Format::Json, &options));
        match rendered {
            Ok(json) => Outcome::new(200, json)
                .with("content-type", "application/json")
                .with("cache-control", "no-cache"),
            Err(error) => {
                eprintln!("could not render the cookie policy as JSON: {error}");
                Outcome::new(
                    500,
                    "{\"error\": \"the cookie policy could not be rendered\"}",
                )
                .with("content-type", "application/json")
            }
        }
    }

    /// `GET /static/analytics.js`: the audience-measurement script, which pages send only to a
    /// visitor who consented to statistics.
    pub fn analytics_js(&self) -> Outcome {
        Outcome::script(ANALYTICS_JS)
    }

    /// `GET /static/forget-analytics.js`: the script pages send instead, which removes what the
    /// analytics script kept in `localStorage`.
    pub fn forget_analytics_js(&self) -> Outcome {
        Outcome::script(FORGET_ANALYTICS_JS)
    }

    /// `GET /static/site.css`: the site's stylesheet.
    pub fn site_css(&self) -> Outcome {
        Outcome::stylesheet(Bytes::from_static(STYLE.as_bytes()))
    }

    /// `GET /static/policy.css`: the stylesheet the library renders the policy page with.
    pub fn policy_css(&self) -> Outcome {
        Outcome::stylesheet(self.policy_css.clone())
    }

    /// Any other address: a `404` page in the site's layout.
    pub fn not_found(&self, visit: &Visit) -> Outcome {
        let texts = visit.lang.texts();
        let content = format!(
            "<h1>{}</h1>\n<p>{}</p>\n<p><a href=\"/\">{}</a></p>\n",
            escape(texts.not_found_title),
            escape(texts.not_found_text),
            escape(texts.nav_home)
        );
        let (html, has_form) = layout(
            self,
            visit,
            visit.lang,
            Nav::None,
            texts.not_found_title,
            &content,
        );
        self.page(visit, 404, html, has_form, Vec::new())
    }
}

const ANALYTICS_JS: &str = include_str!("../static/analytics.js");
const FORGET_ANALYTICS_JS: &str = include_str!("../static/forget-analytics.js");

/// The language the request asks for with `?lang=`, if it is one of the site's.
fn query_lang(visit: &Visit) -> Option<Lang> {
    query_param(visit.query.as_deref(), "lang").and_then(|tag| Lang::from_tag(&tag))
}

/// The first value of `key` in a query string, percent-decoded; `None` if absent or not UTF-8.
pub(crate) fn query_param(query: Option<&str>, key: &str) -> Option<String> {
    let value = query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == key)?
        .1;
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::query_param;

    #[test]
    fn query_parameters_decode_or_read_as_absent() {
        let query = Some("lang=fr&back=%2Fcookies%3Flang%3Dfr&q=a+b");
        assert_eq!(query_param(query, "lang").as_deref(), Some("fr"));
        assert_eq!(
            query_param(query, "back").as_deref(),
            Some("/cookies?lang=fr")
        );
        assert_eq!(query_param(query, "q").as_deref(), Some("a b"));
        assert_eq!(query_param(query, "none"), None);
        assert_eq!(query_param(None, "lang"), None);
        assert_eq!(query_param(Some("back=%FF%FE"), "back"), None);
        assert_eq!(query_param(Some("back=%zz"), "back"), None);
    }
}
