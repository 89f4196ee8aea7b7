//! The consent choice: the preferences page and the form handler behind the banner.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use cookie_registry::consent::CategorySet;
use cookie_registry::declaration::Category;
use serde::Deserialize;

use crate::AppState;
use crate::csrf::CsrfForm;
use crate::html::{Nav, category_form, category_texts, escape, layout, quick_choice_form};
use crate::i18n::Lang;
use crate::pages::{html_response, see_other};
use crate::visit::Visit;

const PREFERENCES: &str = "/cookies/preferences";

/// `GET /cookies/preferences`: the current choice, and the forms to change or withdraw it at
/// any time, as easily as it was given. Linked from every page's footer.
pub(crate) async fn preferences(State(site): State<AppState>, visit: Visit) -> Response {
    let lang = visit.lang;
    let texts = lang.texts();
    let mut content = format!(
        "<h1>{}</h1>\n<p class=\"lead\">{}</p>\n",
        escape(texts.preferences_title),
        escape(texts.preferences_intro)
    );
    let status = match visit.consent.given_at() {
        None => escape(texts.status_none),
        Some(at) => {
            let parts: Vec<String> = site
                .offered
                .iter()
                .map(|&category| {
                    let (name, _) = category_texts(texts, category);
                    let word = if visit.consent.grants(category) {
                        texts.granted_word
                    } else {
                        texts.refused_word
                    };
                    match lang {
                        Lang::En => format!("{} cookies: {}", escape(name), escape(word)),
                        Lang::Fr => format!(
                            "cookies {}\u{a0}: {}",
                            escape(&name.to_lowercase()),
                            escape(word)
                        ),
                    }
                })
                .collect();
            // French puts a (non-breaking) space before a colon.
            let colon = if lang == Lang::Fr { "\u{a0}:" } else { ":" };
            format!(
                "{} {}{colon} {}.",
                escape(texts.status_given),
                utc_date_time(
                    at.duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_secs())
                ),
                parts.join(if lang == Lang::Fr { "\u{a0}; " } else { "; " })
            )
        }
    };
    content.push_str(&format!(
        "<p class=\"notice\" id=\"consent-status\">{status}</p>\n"
    ));
    content.push_str(&category_form(
        &site,
        &visit,
        lang,
        |category| visit.consent.grants(category),
        "prefs",
        PREFERENCES,
    ));
    content.push_str(&quick_choice_form(&visit, lang, PREFERENCES));
    content.push_str(&format!(
        "<p>{}</p>\n<p><a href=\"/cookies?lang={}\">{}</a></p>\n",
        escape(texts.preferences_withdraw),
        lang.code(),
        escape(texts.banner_more)
    ));
    let (html, _) = layout(
        &site,
        &visit,
        lang,
        Nav::Preferences,
        texts.preferences_title,
        &content,
    );
    html_response(&visit, StatusCode::OK, html, true, Vec::new())
}

/// The fields of both consent forms (besides the CSRF token).
#[derive(Deserialize)]
pub(crate) struct ConsentForm {
    #[serde(default)]
    back: String,
    #[serde(default)]
    choice: String,
    functionality: Option<String>,
    statistics: Option<String>,
    marketing: Option<String>,
}

/// `POST /consent`: records the choice in the consent cookie and goes back (303).
///
/// `choice=accept_all` grants every category the banner offers, `reject_all` none, `save` the
/// ticked boxes. Withdrawal is a choice with fewer categories; the cookie policy layer then
/// deletes, in this very response, the cookies of the withdrawn categories that the browser
/// still sends. Only a form posted from this site's own pages gets here ([`CsrfForm`]).
pub(crate) async fn record(
    State(site): State<AppState>,
    CsrfForm { form, visit }: CsrfForm<ConsentForm>,
) -> Response {
    let offered: CategorySet = site.offered.iter().copied().collect();
    let granted = match form.choice.as_str() {
        "accept_all" => offered,
        "reject_all" => CategorySet::NONE,
        _ => [
            (Category::Functionality, &form.functionality),
            (Category::Statistics, &form.statistics),
            (Category::Marketing, &form.marketing),
        ]
        .into_iter()
        .filter(|(category, ticked)| ticked.is_some() && offered.contains(*category))
        .map(|(category, _)| category)
        .collect(),
    };
    // A change keeps the browser's consent ID; a first choice draws one.
    let choice = site
        .consent
        .update(&visit.consent, granted, std::time::SystemTime::now());
    let cookie = site.consent.cookie(&choice).map(|builder| builder.build());
    let back = if form.back.is_empty() {
        "/"
    } else {
        &form.back
    };
    see_other(back, cookie)
}

/// `2025-06-15 14:03 UTC`.
fn utc_date_time(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64;
    let seconds = unix_seconds % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        seconds / 3600,
        seconds % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert_eq!(super::utc_date_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(super::utc_date_time(1_750_000_000), "2025-06-15 15:06 UTC");
        assert_eq!(super::utc_date_time(951_782_400), "2000-02-29 00:00 UTC");
    }
}
