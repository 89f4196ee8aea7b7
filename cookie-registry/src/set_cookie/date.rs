//! The `Expires` date as Chromium reads it (`cookie_util::ParseCookieExpirationTime`), which
//! shares RFC 6265bis 5.1.1's delimiters but not its token rules; the differences are listed
//! in the [parent module](super)'s table.

/// Unix seconds of the date in `value`, or `None` when it is not one (the attribute is then
/// ignored).
pub(super) fn parse(value: &[u8]) -> Option<i64> {
    let mut day = None;
    let mut month = None;
    let mut year = None;
    let mut time = None;
    for token in value.split(|&b| delimiter(b)).filter(|t| !t.is_empty()) {
        if !token[0].is_ascii_digit() {
            if month.is_none() {
                month = month_of(token);
            }
        } else if token.contains(&b':') {
            if time.is_none() {
                time = hms(token);
            }
        } else if day.is_none() && token.len() <= 2 {
            day = number(token);
        } else if year.is_none() && token.len() <= 5 {
            year = number(token);
        }
    }
    let (day, month, mut year, (hour, minute, second)) = (day?, month?, year?, time?);
    if (70..=99).contains(&year) {
        year += 1900;
    } else if year <= 69 {
        year += 2000;
    }
    let year = i64::from(year);
    if day == 0 || day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + i64::from(hour) * 3_600 + i64::from(minute) * 60 + i64::from(second))
}

/// RFC 6265bis 5.1.1: `%x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E`.
fn delimiter(byte: u8) -> bool {
    matches!(byte, b'\t' | 0x20..=0x2f | 0x3b..=0x40 | 0x5b..=0x60 | 0x7b..=0x7e)
}

/// A number of ASCII digits only, below 2³².
fn number(token: &[u8]) -> Option<u32> {
    if token.is_empty() {
        return None;
    }
    token.iter().try_fold(0u32, |n, &b| {
        if b.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u32::from(b - b'0'))
        } else {
            None
        }
    })
}

/// Exactly three numbers separated by `:`.
fn hms(token: &[u8]) -> Option<(u32, u32, u32)> {
    let mut parts = token.split(|&b| b == b':');
    let hour = number(parts.next()?)?;
    let minute = number(parts.next()?)?;
    let second = number(parts.next()?)?;
    match parts.next() {
        Some(_) => None,
        None => Some((hour, minute, second)),
    }
}

/// The month whose three-letter name starts `token`, in any case (`Sept`, `DECEMBER`).
fn month_of(token: &[u8]) -> Option<u32> {
    const MONTHS: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let start = token.get(..3)?;
    let index = MONTHS
        .iter()
        .position(|m| start.eq_ignore_ascii_case(&m[..]))?;
    Some(index as u32 + 1)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}
