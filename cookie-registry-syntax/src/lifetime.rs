//! How long a cookie lives: `"session"`, or a positive whole number of a calendar unit.
//!
//! The declared text is kept as amount and unit, not flattened to seconds, so the policy can say
//! "13 months" (or "13 mois") rather than "34186698 seconds". Seconds are derived when a header
//! needs them (`Max-Age`) or a rule compares durations (the CNIL's 13-month cap).

use core::fmt;

/// A calendar unit of a cookie lifetime.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimeUnit {
    /// 1 second.
    Second,
    /// 60 seconds.
    Minute,
    /// 3,600 seconds.
    Hour,
    /// 86,400 seconds.
    Day,
    /// 7 days.
    Week,
    /// One twelfth of a Gregorian year: 30.436875 days (2,629,746 seconds).
    Month,
    /// A mean Gregorian year: 365.2425 days (31,556,952 seconds).
    Year,
}

impl TimeUnit {
    /// Every unit, shortest first.
    pub const ALL: &'static [TimeUnit] = &[
        TimeUnit::Second,
        TimeUnit::Minute,
        TimeUnit::Hour,
        TimeUnit::Day,
        TimeUnit::Week,
        TimeUnit::Month,
        TimeUnit::Year,
    ];

    /// The unit's length in seconds.
    ///
    /// Months and years use the mean Gregorian lengths so that "12 months" and "1 year" are the
    /// same duration, and "13 months" compares exactly against the CNIL cap.
    pub const fn seconds(self) -> u64 {
        match self {
            TimeUnit::Second => 1,
            TimeUnit::Minute => 60,
            TimeUnit::Hour => 3_600,
            TimeUnit::Day => 86_400,
            TimeUnit::Week => 604_800,
            TimeUnit::Month => 2_629_746,
            TimeUnit::Year => 31_556_952,
        }
    }

    /// The unit's singular English keyword (`"month"`), as accepted in declarations.
    pub const fn as_str(self) -> &'static str {
        match self {
            TimeUnit::Second => "second",
            TimeUnit::Minute => "minute",
            TimeUnit::Hour => "hour",
            TimeUnit::Day => "day",
            TimeUnit::Week => "week",
            TimeUnit::Month => "month",
            TimeUnit::Year => "year",
        }
    }

    fn from_word(word: &str) -> Option<TimeUnit> {
        let singular = word.strip_suffix('s').unwrap_or(word);
        TimeUnit::ALL
            .iter()
            .copied()
            .find(|u| u.as_str() == singular)
    }
}

/// How long a cookie is kept by the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lifetime {
    /// Deleted when the browser session ends: no `Max-Age`, no `Expires`.
    Session,
    /// Kept for `amount` units after it is set.
    Persistent {
        /// How many units; never zero.
        amount: u32,
        /// The calendar unit.
        unit: TimeUnit,
    },
}

/// The CNIL's cap on the lifetime of an audience-measurement cookie exempt from consent.
pub const AUDIENCE_MEASUREMENT_MAX: Lifetime = Lifetime::Persistent {
    amount: 13,
    unit: TimeUnit::Month,
};

/// Why a lifetime text was rejected.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LifetimeError {
    /// The text was empty or blank.
    Empty,
    /// The text is not `session` nor `<number> <unit>`.
    Unparseable,
    /// The amount was zero: a cookie that expires at once is a deletion, not a lifetime.
    Zero,
    /// The amount was negative.
    Negative,
    /// The amount does not fit in 32 bits.
    TooLarge,
    /// The unit is not one of [`TimeUnit::ALL`].
    UnknownUnit(String),
}

impl fmt::Display for LifetimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LifetimeError::Empty => f.write_str("the lifetime is empty"),
            LifetimeError::Unparseable => {
                f.write_str("the lifetime is not `session` nor `<number> <unit>`")
            }
            LifetimeError::Zero => f.write_str("a lifetime of zero deletes the cookie at once"),
            LifetimeError::Negative => f.write_str("a lifetime cannot be negative"),
            LifetimeError::TooLarge => f.write_str("the lifetime's number is too large"),
            LifetimeError::UnknownUnit(unit) => write!(f, "`{unit}` is not a unit of time"),
        }
    }
}

crate::__debug_as_display!(LifetimeError);
impl std::error::Error for LifetimeError {}

impl Lifetime {
    /// The usage text that error messages append: what a valid lifetime looks like.
    pub const EXPECTED: &'static str = "write \"session\" or a positive whole number and a unit, such as \"2 weeks\", \"13 months\" or \"1 year\" \
         (units: seconds, minutes, hours, days, weeks, months, years)";

    /// Parses `"session"` or `"<amount> <unit>"` (`"2 weeks"`, `"1 year"`, `"30 days"`).
    ///
    /// Case and surrounding white space are ignored; units may be singular or plural.
    ///
    /// ```
    /// use cookie_registry_syntax::lifetime::{Lifetime, TimeUnit};
    /// assert_eq!(Lifetime::parse("session"), Ok(Lifetime::Session));
    /// assert_eq!(
    ///     Lifetime::parse("13 Months"),
    ///     Ok(Lifetime::Persistent { amount: 13, unit: TimeUnit::Month })
    /// );
    /// assert!(Lifetime::parse("0 days").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Lifetime, LifetimeError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(LifetimeError::Empty);
        }
        if text.eq_ignore_ascii_case("session") {
            return Ok(Lifetime::Session);
        }
        let mut words = text.split_whitespace();
        let (Some(number), Some(unit), None) = (words.next(), words.next(), words.next()) else {
            return Err(LifetimeError::Unparseable);
        };
        let unit = unit.to_ascii_lowercase();
        let unit = TimeUnit::from_word(&unit).ok_or(LifetimeError::UnknownUnit(unit))?;
        let digits = match number.strip_prefix('-') {
            Some(rest) if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) => {
                return Err(if rest.bytes().all(|b| b == b'0') {
                    LifetimeError::Zero
                } else {
                    LifetimeError::Negative
                });
            }
            _ => number.strip_prefix('+').unwrap_or(number),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(LifetimeError::Unparseable);
        }
        let amount: u32 = digits.parse().map_err(|_| LifetimeError::TooLarge)?;
        if amount == 0 {
            return Err(LifetimeError::Zero);
        }
        Ok(Lifetime::Persistent { amount, unit })
    }

    /// The lifetime in seconds, as a `Max-Age` would carry it; `None` for a session cookie.
    pub const fn max_age_seconds(self) -> Option<u64> {
        match self {
            Lifetime::Session => None,
            Lifetime::Persistent { amount, unit } => Some(amount as u64 * unit.seconds()),
        }
    }

    /// Whether this lifetime is longer than `other`. A session cookie is shorter than any
    /// persistent one.
    pub const fn exceeds(self, other: Lifetime) -> bool {
        match (self.max_age_seconds(), other.max_age_seconds()) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(a), Some(b)) => a > b,
        }
    }
}

impl fmt::Display for Lifetime {
    /// The canonical declaration text: `session`, `1 month`, `13 months`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Lifetime::Session => f.write_str("session"),
            Lifetime::Persistent { amount, unit } => {
                let plural = if amount == 1 { "" } else { "s" };
                write!(f, "{amount} {}{plural}", unit.as_str())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(amount: u32, unit: TimeUnit) -> Result<Lifetime, LifetimeError> {
        Ok(Lifetime::Persistent { amount, unit })
    }

    #[test]
    fn parses_the_seed_lifetimes() {
        assert_eq!(Lifetime::parse("2 weeks"), p(2, TimeUnit::Week));
        assert_eq!(Lifetime::parse("12 months"), p(12, TimeUnit::Month));
        assert_eq!(Lifetime::parse("6 months"), p(6, TimeUnit::Month));
        assert_eq!(Lifetime::parse("1 year"), p(1, TimeUnit::Year));
        assert_eq!(Lifetime::parse("  1   Day "), p(1, TimeUnit::Day));
        assert_eq!(Lifetime::parse("SESSION"), Ok(Lifetime::Session));
    }

    #[test]
    fn rejects_bad_lifetimes_with_a_reason() {
        assert_eq!(Lifetime::parse(""), Err(LifetimeError::Empty));
        assert_eq!(Lifetime::parse("forever"), Err(LifetimeError::Unparseable));
        assert_eq!(Lifetime::parse("2weeks"), Err(LifetimeError::Unparseable));
        assert_eq!(
            Lifetime::parse("two weeks"),
            Err(LifetimeError::Unparseable)
        );
        assert_eq!(Lifetime::parse("1.5 days"), Err(LifetimeError::Unparseable));
        assert_eq!(Lifetime::parse("0 days"), Err(LifetimeError::Zero));
        assert_eq!(Lifetime::parse("-0 days"), Err(LifetimeError::Zero));
        assert_eq!(Lifetime::parse("-3 days"), Err(LifetimeError::Negative));
        assert_eq!(
            Lifetime::parse("99999999999 days"),
            Err(LifetimeError::TooLarge)
        );
        assert_eq!(
            Lifetime::parse("3 fortnights"),
            Err(LifetimeError::UnknownUnit("fortnights".into()))
        );
        assert_eq!(
            Lifetime::parse("1 day extra"),
            Err(LifetimeError::Unparseable)
        );
    }

    #[test]
    fn months_and_years_agree() {
        assert_eq!(
            Lifetime::parse("12 months").unwrap().max_age_seconds(),
            Lifetime::parse("1 year").unwrap().max_age_seconds()
        );
        assert!(
            !Lifetime::parse("13 months")
                .unwrap()
                .exceeds(AUDIENCE_MEASUREMENT_MAX)
        );
        assert!(
            Lifetime::parse("14 months")
                .unwrap()
                .exceeds(AUDIENCE_MEASUREMENT_MAX)
        );
        assert!(
            Lifetime::parse("2 years")
                .unwrap()
                .exceeds(AUDIENCE_MEASUREMENT_MAX)
        );
        assert!(!Lifetime::Session.exceeds(AUDIENCE_MEASUREMENT_MAX));
    }

    #[test]
    fn display_is_parseable() {
        for text in ["session", "1 month", "13 months", "2 weeks"] {
            let lifetime = Lifetime::parse(text).unwrap();
            assert_eq!(lifetime.to_string(), text);
            assert_eq!(Lifetime::parse(&lifetime.to_string()), Ok(lifetime));
        }
    }

    #[test]
    fn huge_amounts_do_not_overflow() {
        let l = Lifetime::Persistent {
            amount: u32::MAX,
            unit: TimeUnit::Year,
        };
        assert_eq!(l.max_age_seconds(), Some(u32::MAX as u64 * 31_556_952));
    }
}
