//! The consent choice: the preferences page and the form handler behind the banner.

use cookie_registry::consent::{CategorySet, ConsentState};
use cookie_registry::declaration::Category;
use cookie_registry_consent_log::{NewRecord, Source};

use crate::forms::ConsentForm;
use crate::html::{Nav, category_form, category_texts, escape, layout, quick_choice_form};
use crate::i18n::Lang;
use crate::outcome::Outcome;
use crate::site::Site;
use crate::visit::{Visit, mark_saved, safe_local_path};

const PREFERENCES: &str = "/cookies/preferences";
/// Where the visitor downloads the records of their choices.
pub(crate) const RECORDS: &str = "/consent/records.json";

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
        if let Some(id) = visit.consent.consent_id() {
            // What the visitor quotes, and what their records are filed under.
            content.push_str(&format!(
                "<p id=\"consent-id\">{} <code class=\"consent-id\">{id}</code></p>\n",
                escape(texts.consent_id_label)
            ));
            if self.consent_log.is_some() {
                content.push_str(&format!(
                    "<p><a id=\"consent-records\" href=\"{RECORDS}\" download>{}</a></p>\n",
                    escape(texts.download_records)
                ));
            }
        }
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
    ///
    /// With a [consent log](Site::with_consent_log), the choice is recorded before it is
    /// applied: one record per choice saved, under the consent cookie's consent ID, refusals
    /// and withdrawals included (a withdrawal is a new record). A request with a Global
    /// Privacy Control signal saves the choice without what the signal refuses (marketing,
    /// under the default policy), recorded with the source `global_privacy_control` when the
    /// form asked for it, so that the cookie and the record say the same. When the log cannot
    /// store it (an outage), a refusal is applied all the same (the log spools it), and an
    /// acceptance is not: the visitor gets a `503` page saying nothing was saved, and keeps
    /// their previous choice, as docs/consent-log.md decides.
    pub async fn save_consent(&self, visit: &Visit, form: ConsentForm) -> Outcome {
        if let Err(refused) = self.check_form(visit, &form.csrf) {
            return refused;
        }
        // What the form asks for; the Global Privacy Control signal then takes away what it
        // refuses ("accept all" included), and the record says so.
        let offered: CategorySet = self.offered.iter().copied().collect();
        // A change keeps the browser's consent ID; a first choice draws one.
        let asked = self.consent.update(
            &visit.consent,
            form.granted(offered),
            std::time::SystemTime::now(),
        );
        let choice = self.gpc_policy().apply(asked, visit.gpc);
        let source = if choice.categories() == asked.categories() {
            Source::BannerForm
        } else {
            Source::GlobalPrivacyControl
        };
        if !self.record(&choice, source).await {
            return self.not_saved(visit, &form.back);
        }
        let back = safe_local_path(&form.back).unwrap_or("/");
        // The page gone back to confirms the choice (`role="status"`), without a cookie.
        Outcome::see_other(&mark_saved(back)).with_cookies(self.consent.header(&choice))
    }

    /// Records `choice` in the consent log, if the site has one; whether the choice may be
    /// applied: always for a refusal, only once stored for an acceptance.
    async fn record(&self, choice: &ConsentState, source: Source) -> bool {
        let Some(log) = &self.consent_log else {
            return true;
        };
        let refusal = choice.categories().without(Category::Necessary).is_empty();
        let record = match NewRecord::from_state(choice, source) {
            Ok(record) => record,
            // No consent ID: the system gave no random bytes, so nothing can be proved.
            Err(error) => {
                eprintln!("consent log: {error}");
                return refusal;
            }
        };
        match log.record(record).await {
            Ok(_) => true,
            Err(error) => {
                eprintln!("consent log: {error}");
                refusal
            }
        }
    }

    /// The `503` page of a choice the consent log could not store: nothing was set.
    fn not_saved(&self, visit: &Visit, back: &str) -> Outcome {
        let texts = visit.lang.texts();
        let back = safe_local_path(back).unwrap_or("/");
        let content = format!(
            "<h1>{}</h1>\n<p class=\"error\">{}</p>\n<p><a href=\"{}\">{}</a></p>\n",
            escape(texts.not_saved_title),
            escape(texts.not_saved_text),
            escape(back),
            escape(texts.not_saved_back)
        );
        let (html, has_form) = layout(
            self,
            visit,
            visit.lang,
            Nav::None,
            texts.not_saved_title,
            &content,
        );
        self.page(visit, 503, html, has_form, Vec::new())
    }

    /// `GET /consent/records.json`: the records of the choices made under the consent ID of the
    /// visitor's consent cookie, as a JSON attachment (`{"consent_id": "…", "records": […]}`,
    /// [`visitor_json`](cookie_registry_consent_log::export::visitor_json)). Without a consent cookie that counts (none, malformed,
    /// expired, for another revision) or without a consent log: `404`, with an empty list.
    /// When the log cannot be read: `503`. Never a `500`.
    ///
    /// The consent ID is the key: whoever holds the browser's cookie gets its records, which
    /// hold no personal data beyond that pseudonymous ID (the site keeps neither IP address
    /// nor user agent).
    pub async fn consent_records(&self, visit: &Visit) -> Outcome {
        let (Some(log), Some(id)) = (&self.consent_log, visit.consent.consent_id()) else {
            return json_download(404, "{\"consent_id\": null, \"records\": []}\n".into());
        };
        match log.visitor_download(id).await {
            Ok(json) => json_download(200, json),
            Err(error) => {
                eprintln!("consent log: {error}");
                Outcome::new(503, "{\"error\": \"the consent log is unavailable\"}\n")
                    .with("content-type", "application/json")
                    .with("cache-control", "no-store")
            }
        }
    }
}

/// The visitor's records, as a file to save, never cached (they change with each choice).
fn json_download(status: u16, json: String) -> Outcome {
    Outcome::new(status, json)
        .with("content-type", "application/json")
        .with(
            "content-disposition",
            "attachment; filename=\"consent-records.json\"",
        )
        .with("cache-control", "no-store")
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
