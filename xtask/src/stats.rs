//! The few statistics the reports need: medians, extremes, ratios.

/// The median of `values` (the mean of the two middle ones for an even count); `None` when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The smallest of `values`; `None` when empty.
pub fn minimum(values: &[f64]) -> Option<f64> {
    values.iter().copied().min_by(f64::total_cmp)
}

/// The largest of `values`; `None` when empty.
pub fn maximum(values: &[f64]) -> Option<f64> {
    values.iter().copied().max_by(f64::total_cmp)
}

/// `a / b` to `decimals` places, or "–" when either is missing or `b` is zero.
pub fn ratio(a: Option<f64>, b: Option<f64>, decimals: usize) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b != 0.0 => format!("{:.decimals$}", a / b),
        _ => "–".to_owned(),
    }
}

/// `value` to `decimals` places, or "–" when missing.
pub fn fixed(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.decimals$}"))
}

/// A number as the reports print a count or a measure without forced decimals: as it was
/// measured (`12`, `3.5`), never in exponent form.
pub fn plain(value: Option<f64>) -> String {
    match value {
        None => "–".to_owned(),
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{v:.0}"),
        Some(v) => {
            let s = format!("{v:.6}");
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn ratios_and_missing_values() {
        assert_eq!(ratio(Some(3.0), Some(2.0), 3), "1.500");
        assert_eq!(ratio(Some(3.0), Some(0.0), 3), "–");
        assert_eq!(ratio(None, Some(2.0), 3), "–");
        assert_eq!(plain(Some(12.0)), "12");
        assert_eq!(plain(Some(3.25)), "3.25");
        assert_eq!(minimum(&[2.0, 1.0]), Some(1.0));
        assert_eq!(maximum(&[2.0, 1.0]), Some(2.0));
    }
}
