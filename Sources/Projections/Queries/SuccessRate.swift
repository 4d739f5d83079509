/// `ROUND(part::numeric / whole::numeric * 100, 2)` exactly as PostgreSQL prints it.
///
/// PostgreSQL's `numeric` rounds half away from zero and keeps the scale, so the text always has
/// two decimals: `"100.00"`, `"0.00"`, `"66.67"`, `"0.13"` for 1/800 (0.125 rounds up).
/// Computed with integers: a `Double` would print 1/800 as 0.12. PostgreSQL divides to at least
/// 16 significant digits before multiplying; for any count a log can hold that intermediate
/// rounding cannot move the result across a half, so the exact rational rounding agrees.
///
/// - Returns: nil when `whole` is 0 (the SQL divides by zero count only when there are no rows,
///   and `overall` answers NULL there).
func percentRounded(_ part: Int, of whole: Int) -> String? {
    guard whole > 0, part >= 0 else { return nil }
    // hundredths = round(part * 10_000 / whole), half up, in 128-bit so no count can overflow.
    let numerator = UInt64(part).multipliedFullWidth(by: 20_000)
    let (doubled, _) = UInt64(whole).dividingFullWidth(numerator) // whole ≥ part, so this fits
    let hundredths = (doubled + 1) / 2
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
