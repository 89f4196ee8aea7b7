//! The consent choice: the preferences page and the form handler behind the banner.

use cookie_registry::consent::{CategorySet, ConsentState};

use crate::forms::ConsentForm;
use crate::html::{Nav, category_form, category_texts, escape, layout, quick_choice_form};
use crate::i18n::Lang;
use crate::outcome::Outcome;
use crate::site::Site;
use crate::visit::{Visit, mark_saved, safe_local_path};

const PREFERENCES: &str = "/cookies/preferences";

impl Site {
    /// `GET /cookies/preferences`: the current choice, and the forms to change or withdraw it at
    /// any time, as easily as it was given. Linked from every page's footer.
    pub fn preferences(&self, visit: &Visit) -> Outcome {
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
                // French puts a (non-breaking) space before a colon.
                let colon = if lang == Lang::Fr { "\u{a0}:" } else { ":" };
                format!(
                    "{} {}{colon} {}",
                    escape(texts.status_given),
                    utc_date_time(
                        at.duration_since(std::time::UNIX_EPOCH)
                            .map_or(0, |d| d.as_secs())
                    ),
                    choice_summary(self, lang, &visit.consent)
                )
            }
        };
        content.push_str(&format!(
            "<p class=\"notice\" id=\"consent-status\">{status}</p>\n"
        ));
        content.push_str(&category_form(
            self,
            visit,
            lang,
            |category| visit.consent.grants(category),
            "prefs",
            PREFERENCES,
        ));
        content.push_str(&quick_choice_form(visit, lang, PREFERENCES));
        content.push_str(&format!(
            "<p>{}</p>\n<p><a href=\"/cookies?lang={}\">{}</a></p>\n",
            escape(texts.preferences_withdraw),
            lang.code(),
            escape(texts.banner_more)
        ));
        let (html, _) = layout(
            self,
            visit,
            lang,
            Nav::Preferences,
            texts.preferences_title,
            &content,
        );
        self.page(visit, 200, html, true, Vec::new())
    }

    /// `POST /consent`: records the choice in the consent cookie and goes back (`303`) to the
    /// form's `back`, when it is a local path, else to `/`, with `consent=saved` added to its
    /// query: that page then confirms the choice in a status message.
    ///
    /// `choice=accept_all` grants every category the banner offers, `reject_all` none, `save` the
    /// ticked boxes ([`ConsentForm::granted`]). Withdrawal is a choice with fewer categories; the
    /// enforcer, in [`Mode::Enforce`](cookie_registry::enforce::Mode::Enforce), then deletes, in
    /// this very response, the cookies of the withdrawn categories that the browser still sends.
    /// A form not posted from the site's own pages gets the `403` page and records nothing.
    pub fn save_consent(&self, visit: &Visit, form: ConsentForm) -> Outcome {
        if let Err(refused) = self.check_form(visit, &form.csrf) {
            return refused;
        }
        // Nothing the visitor's Global Privacy Control signal refuses, "accept all" included.
        let offered: CategorySet = self
            .offered
            .iter()
            .copied()
            .filter(|&c| visit.asks_for(c))
            .collect();
        // A change keeps the browser's consent ID; a first choice draws one.
        let choice = self.consent.update(
            &visit.consent,
            form.granted(offered),
            std::time::SystemTime::now(),
        );
        let back = safe_local_path(&form.back).unwrap_or("/");
        // The page gone back to confirms the choice (`role="status"`), without a cookie.
        Outcome::see_other(&mark_saved(back)).with_cookies(self.consent.header(&choice))
    }
}

/// What `consent` grants and refuses, category by category, in words, ending with a full stop:
/// `Statistics cookies: accepted; Marketing cookies: refused.`
pub(crate) fn choice_summary(site: &Site, lang: Lang, consent: &ConsentState) -> String {
    let texts = lang.texts();
    let parts: Vec<String> = site
        .offered
        .iter()
        .map(|&category| {
            let (name, _) = category_texts(texts, category);
            let word = if consent.grants(category) {
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
    format!(
        "{}.",
        parts.join(if lang == Lang::Fr { "\u{a0}; " } else { "; " })
    )
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
