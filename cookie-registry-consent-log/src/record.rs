//! What one consent record holds: who (a consent ID), when, for which policy, what was chosen,
//! through what, and optionally where from.

use core::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::{SystemTime, UNIX_EPOCH};

use cookie_registry::Revision;
use cookie_registry::consent::{CategorySet, ConsentId, ConsentState};
use cookie_registry::declaration::Category;

use crate::Error;
use crate::policy::PolicyHash;

/// Where a choice came from.
///
/// ```
/// use cookie_registry_consent_log::Source;
///
/// assert_eq!(Source::GlobalPrivacyControl.as_str(), "global_privacy_control");
/// assert_eq!(Source::parse("banner_form"), Some(Source::BannerForm));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Source {
    /// The site's own banner or preferences form, posted to the server.
    BannerForm,
    /// An API call of the application (a mobile app, a support tool acting on a request).
    Api,
    /// The browser's Global Privacy Control signal (`Sec-GPC: 1`): an opt-out, never a consent.
    GlobalPrivacyControl,
    /// A JavaScript banner's own cookie (vanilla-cookieconsent's `cc_cookie`, Klaro's `klaro`),
    /// read by the server.
    JavaScriptBanner,
}

impl Source {
    /// Every source, in declaration order.
    pub const ALL: [Source; 4] = [
        Source::BannerForm,
        Source::Api,
        Source::GlobalPrivacyControl,
        Source::JavaScriptBanner,
    ];

    /// The keyword stored in the database and written in exports.
    pub const fn as_str(self) -> &'static str {
        match self {
            Source::BannerForm => "banner_form",
            Source::Api => "api",
            Source::GlobalPrivacyControl => "global_privacy_control",
            Source::JavaScriptBanner => "javascript_banner",
        }
    }

    /// The source whose keyword is `keyword`; `None` for anything else.
    pub fn parse(keyword: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.as_str() == keyword)
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An IP address with its host part zeroed: the first 24 bits of an IPv4 address, the first 48
/// of an IPv6 one. It tells a network apart (enough to notice a burst of records from one
/// place), not a machine.
///
/// An IPv4-mapped IPv6 address (`::ffff:203.0.113.7`) counts as the IPv4 address it maps.
///
/// ```
/// use cookie_registry_consent_log::TruncatedIp;
/// use std::net::IpAddr;
///
/// let v4: IpAddr = "203.0.113.77".parse()?;
/// assert_eq!(TruncatedIp::new(v4).to_string(), "203.0.113.0/24");
/// let v6: IpAddr = "2001:db8:85a3:8d3:1319:8a2e:370:7348".parse()?;
/// assert_eq!(TruncatedIp::new(v6).to_string(), "2001:db8:85a3::/48");
/// assert_eq!(TruncatedIp::parse("2001:db8:85a3::/48"), Some(TruncatedIp::new(v6)));
/// # Ok::<(), std::net::AddrParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TruncatedIp(IpAddr);

impl TruncatedIp {
    /// `ip` with its host part zeroed.
    pub fn new(ip: IpAddr) -> TruncatedIp {
        let ip = match ip {
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => IpAddr::V6(v6),
            },
            v4 => v4,
        };
        TruncatedIp(match ip {
            IpAddr::V4(v4) => {
                let [a, b, c, _] = v4.octets();
                IpAddr::V4(Ipv4Addr::new(a, b, c, 0))
            }
            IpAddr::V6(v6) => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], 0, 0, 0, 0, 0))
            }
        })
    }

    /// The network's address (host part zero).
    pub const fn network(self) -> IpAddr {
        self.0
    }

    /// Reads what [`Display`](fmt::Display) writes (`203.0.113.0/24`, `2001:db8:1::/48`);
    /// `None` for anything else, a host part that is not zero included.
    pub fn parse(text: &str) -> Option<TruncatedIp> {
        let (address, prefix) = text.split_once('/')?;
        let ip: IpAddr = address.parse().ok()?;
        let expected = match ip {
            IpAddr::V4(_) => "24",
            IpAddr::V6(_) => "48",
        };
        let truncated = TruncatedIp::new(ip);
        (prefix == expected && truncated.0 == ip).then_some(truncated)
    }
}

impl fmt::Display for TruncatedIp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            IpAddr::V4(v4) => write!(f, "{v4}/24"),
            IpAddr::V6(v6) => write!(f, "{v6}/48"),
        }
    }
}

/// The longest user agent kept, in bytes; longer ones are cut at a character boundary.
pub const MAX_USER_AGENT_LEN: usize = 512;

/// A choice to record: build it from the [`ConsentState`] the visitor's choice produced, then
/// hand it to [`ConsentLog::record`](crate::ConsentLog::record).
///
/// ```
/// use cookie_registry::Revision;
/// use cookie_registry::consent::{CategorySet, ConsentId, ConsentState};
/// use cookie_registry::declaration::Category;
/// use cookie_registry_consent_log::{NewRecord, Source};
/// use std::time::SystemTime;
///
/// let state = ConsentState::given(CategorySet::NONE, SystemTime::now(), Revision::from_u64(7))
///     .with_consent_id(ConsentId::random()?);
/// let record = NewRecord::from_state(&state, Source::BannerForm)?
///     .with_ip("203.0.113.9".parse()?)
///     .with_user_agent("Mozilla/5.0");
/// assert!(record.is_refusal());
/// assert_eq!(record.granted(), CategorySet::NONE.with(Category::Necessary));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRecord {
    pub(crate) consent_id: ConsentId,
    pub(crate) at_millis: i64,
    pub(crate) revision: Revision,
    pub(crate) granted: CategorySet,
    pub(crate) source: Source,
    pub(crate) ip: Option<TruncatedIp>,
    pub(crate) user_agent: Option<String>,
}

impl NewRecord {
    /// A record of `granted` (necessary is added), chosen at `at` under the consent ID `id`
    /// for the policy `revision`. A time before 1970 counts as 1970.
    pub fn new(
        consent_id: ConsentId,
        at: SystemTime,
        revision: Revision,
        granted: CategorySet,
        source: Source,
    ) -> NewRecord {
        NewRecord {
            consent_id,
            at_millis: unix_millis(at),
            revision,
            granted: granted.with(Category::Necessary),
            source,
            ip: None,
            user_agent: None,
        }
    }

    /// The record of the choice `state` holds.
    ///
    /// # Errors
    ///
    /// [`Error::NoChoice`] when `state` records no choice, or one without a consent ID (make
    /// choices with `ConsentCookie::choose` and `update`, which give every choice an ID).
    pub fn from_state(state: &ConsentState, source: Source) -> Result<NewRecord, Error> {
        match (state.consent_id(), state.given_at(), state.revision()) {
            (Some(id), Some(at), Some(revision)) => {
                Ok(NewRecord::new(id, at, revision, state.categories(), source))
            }
            _ => Err(Error::NoChoice),
        }
    }

    /// The record with the visitor's IP address, truncated ([`TruncatedIp`]). Kept only when
    /// the log's options say so ([`LogOptions::keep_truncated_ip`](crate::LogOptions)).
    #[must_use]
    pub fn with_ip(mut self, ip: IpAddr) -> NewRecord {
        self.ip = Some(TruncatedIp::new(ip));
        self
    }

    /// The record with the visitor's user agent, cut to [`MAX_USER_AGENT_LEN`] bytes. Kept only
    /// when the log's options say so ([`LogOptions::keep_user_agent`](crate::LogOptions)).
    #[must_use]
    pub fn with_user_agent(mut self, user_agent: &str) -> NewRecord {
        let mut end = user_agent.len().min(MAX_USER_AGENT_LEN);
        while !user_agent.is_char_boundary(end) {
            end -= 1;
        }
        self.user_agent = Some(user_agent[..end].to_owned());
        self
    }

    /// The consent ID.
    pub const fn consent_id(&self) -> ConsentId {
        self.consent_id
    }

    /// The policy revision the choice was made for.
    pub const fn revision(&self) -> Revision {
        self.revision
    }

    /// The granted categories (necessary always among them).
    pub const fn granted(&self) -> CategorySet {
        self.granted
    }

    /// Whether the choice grants no category that needs consent: a refusal, or the withdrawal
    /// of every consent. Such a record is never refused during an outage (see
    /// [`ConsentLog::record`](crate::ConsentLog::record)).
    pub fn is_refusal(&self) -> bool {
        self.granted.without(Category::Necessary).is_empty()
    }
}

/// The number a log gives a stored record: increasing in the order records were stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordId(pub i64);

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A stored record, as read back from the log.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConsentRecord {
    /// The record's number in the log.
    pub id: RecordId,
    /// The browser's consent ID.
    pub consent_id: ConsentId,
    /// When the choice was made, in milliseconds since 1970 (UTC).
    pub at_millis: i64,
    /// The policy revision the choice was made for.
    pub revision: Revision,
    /// The SHA-256 of the policy snapshot stored for that revision: what the visitor was shown.
    pub policy_sha256: PolicyHash,
    /// The granted categories (necessary always among them); the others were refused.
    pub granted: CategorySet,
    /// Where the choice came from.
    pub source: Source,
    /// The visitor's network, when kept.
    pub ip: Option<TruncatedIp>,
    /// The visitor's user agent, when kept.
    pub user_agent: Option<String>,
}

impl ConsentRecord {
    /// When the choice was made.
    pub fn at(&self) -> SystemTime {
        UNIX_EPOCH + std::time::Duration::from_millis(self.at_millis.max(0).unsigned_abs())
    }
}

/// `time` in milliseconds since 1970; 0 before that, `i64::MAX` far after.
pub(crate) fn unix_millis(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The three categories that need consent, in the order of the database columns and exports.
pub(crate) const CONSENT_CATEGORIES: [Category; 3] = [
    Category::Functionality,
    Category::Statistics,
    Category::Marketing,
];

/// A stored record's columns, as the database gives them back.
pub(crate) struct RawRecord {
    pub id: i64,
    pub consent_id: String,
    pub at_millis: i64,
    pub revision: String,
    pub sha256: String,
    pub granted: [bool; 3],
    pub source: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl RawRecord {
    pub fn check(self) -> Result<ConsentRecord, Error> {
        let corrupt = |what: &str, value: &str| {
            Error::Corrupt(format!("record {}: {what} {value:?}", self.id))
        };
        let consent_id = ConsentId::parse_hex(self.consent_id.as_bytes())
            .ok_or_else(|| corrupt("consent ID", &self.consent_id))?;
        let revision = Revision::parse_hex(self.revision.as_bytes())
            .ok_or_else(|| corrupt("revision", &self.revision))?;
        let policy_sha256 = PolicyHash::parse_hex(&self.sha256)
            .ok_or_else(|| corrupt("policy hash", &self.sha256))?;
        let source = Source::parse(&self.source).ok_or_else(|| corrupt("source", &self.source))?;
        let ip = match &self.ip {
            Some(text) => Some(TruncatedIp::parse(text).ok_or_else(|| corrupt("IP prefix", text))?),
            None => None,
        };
        let granted = CONSENT_CATEGORIES
            .into_iter()
            .zip(self.granted)
            .filter(|(_, granted)| *granted)
            .map(|(category, _)| category)
            .fold(
                CategorySet::NONE.with(Category::Necessary),
                CategorySet::with,
            );
        Ok(ConsentRecord {
            id: RecordId(self.id),
            consent_id,
            at_millis: self.at_millis,
            revision,
            policy_sha256,
            granted,
            source,
            ip,
            user_agent: self.user_agent,
        })
    }
}

/// A revision read back from a database.
pub(crate) fn parse_revision(text: &str) -> Result<Revision, Error> {
    Revision::parse_hex(text.as_bytes())
        .ok_or_else(|| Error::Corrupt(format!("stored revision {text:?}")))
}
