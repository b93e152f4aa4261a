//! FILETIME ticks as ISO-8601 UTC times and back: `2022-06-18T04:26:40Z`,
//! with the fraction of a second in 100 ns digits when there is one
//! (`.5`, `.0000001`). The calendar is the proleptic Gregorian one FILETIME
//! counts in, from 1601-01-01 (the start of a 400-year cycle, so the cycle
//! arithmetic needs no shift), with no leap seconds (FILETIME has none).
//! Both directions live here, so that what one writes the other reads to
//! the tick.

use core::fmt;

use crate::read::value::FileTime;

const TICKS_PER_SECOND: u64 = 10_000_000;
const SECONDS_PER_DAY: u64 = 86_400;

/// Whether `year` has a 29th of February.
const fn is_leap(year: u64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in each month of `year`.
const fn month_lengths(year: u64) -> [u64; 12] {
    let february = if is_leap(year) { 29 } else { 28 };
    [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
}

/// A FILETIME as an ISO-8601 UTC time, as its [`Display`](fmt::Display)
/// writes it (see [`FileTime::utc`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UtcTime(FileTime);

impl FileTime {
    /// This time as ISO-8601 UTC text, `YYYY-MM-DDTHH:MM:SS[.fffffff]Z`
    /// (the fraction's trailing zeros dropped, none for a whole second):
    /// what `clusprop get` prints, and what [`FileTime::from_utc`] and the
    /// `filetime` notation read back, to the tick. No allocation.
    ///
    /// ```
    /// use clusprop::FileTime;
    /// assert_eq!(FileTime(0).utc().to_string(), "1601-01-01T00:00:00Z");
    /// let t = FileTime(FileTime::UNIX_EPOCH_TICKS + 5_000_000);
    /// assert_eq!(t.utc().to_string(), "1970-01-01T00:00:00.5Z");
    /// assert_eq!(FileTime(u64::MAX).utc().to_string(), "60056-05-28T05:36:10.9551615Z");
    /// ```
    pub const fn utc(self) -> UtcTime {
        UtcTime(self)
    }

    /// The time ISO-8601 UTC text `YYYY-MM-DDTHH:MM:SS[.fffffff]Z` names,
    /// the form [`utc`](Self::utc) writes: from 1601-01-01 to the largest
    /// FILETIME (in the year 60056, so the year has four or five digits),
    /// at most seven digits of fraction (a tick). `None` for any other
    /// text, a date that does not exist (`2023-02-29`) or a time past the
    /// largest FILETIME.
    ///
    /// ```
    /// use clusprop::FileTime;
    /// let t = FileTime::from_utc("2022-06-18T04:26:40Z").unwrap();
    /// assert_eq!(t, FileTime(133_000_000_000_000_000));
    /// assert_eq!(FileTime::from_utc(&t.utc().to_string()), Some(t));
    /// assert_eq!(FileTime::from_utc("2023-02-29T00:00:00Z"), None);
    /// ```
    pub fn from_utc(text: &str) -> Option<FileTime> {
        parse(text).map(FileTime)
    }
}

impl fmt::Display for UtcTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ticks = self.0.0;
        let seconds = ticks / TICKS_PER_SECOND;
        let fraction = ticks % TICKS_PER_SECOND;
        let in_day = seconds % SECONDS_PER_DAY;
        let (year, month, day) = date_of_day(seconds / SECONDS_PER_DAY);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            in_day / 3600,
            in_day / 60 % 60,
            in_day % 60
        )?;
        if fraction != 0 {
            // Seven digits, trailing zeros dropped: divide them away.
            let (mut digits, mut width) = (fraction, 7);
            while digits % 10 == 0 {
                digits /= 10;
                width -= 1;
            }
            write!(f, ".{digits:0width$}")?;
        }
        f.write_str("Z")
    }
}

/// The date `days` days after 1601-01-01: year, month and day, from 1.
fn date_of_day(days: u64) -> (u64, u64, u64) {
    const DAYS_400: u64 = 146_097;
    const DAYS_100: u64 = 36_524;
    const DAYS_4: u64 = 1_461;
    let (cycles_400, rest) = (days / DAYS_400, days % DAYS_400);
    // The last century of a 400-year cycle has one day more.
    let cycles_100 = (rest / DAYS_100).min(3);
    let rest = rest - cycles_100 * DAYS_100;
    let (cycles_4, rest) = (rest / DAYS_4, rest % DAYS_4);
    // The last year of a 4-year cycle is the leap year, one day longer.
    let years = (rest / 365).min(3);
    let mut day_of_year = rest - years * 365;
    let year = 1601 + cycles_400 * 400 + cycles_100 * 100 + cycles_4 * 4 + years;
    let mut month = 1;
    for length in month_lengths(year) {
        if day_of_year < length {
            break;
        }
        day_of_year -= length;
        month += 1;
    }
    (year, month, day_of_year + 1)
}

/// Whether `text` starts as a date (four or five digits, then `-`) rather
/// than as a number of ticks.
#[cfg(feature = "alloc")]
pub(crate) fn looks_like_a_date(text: &str) -> bool {
    let year = text.bytes().take_while(u8::is_ascii_digit).count();
    (4..=5).contains(&year) && text.as_bytes().get(year) == Some(&b'-')
}

/// The ticks of [`FileTime::from_utc`].
fn parse(text: &str) -> Option<u64> {
    parse_placed(text).ok()
}

/// The ticks of a UTC time, or the byte index of the first place where
/// `text` is not one (every character before it is ASCII, so it is also
/// the character index): a character that breaks the pattern, the end of a
/// text that stops early, the start of a field out of its range (a month
/// 13, a day the month does not have, a year before 1601), or 0 for a time
/// past the largest FILETIME.
pub(crate) fn parse_placed(text: &str) -> Result<u64, usize> {
    // A time is ASCII: a character that is not is the fault, and the byte
    // indexes below are character indexes.
    if let Some(at) = text.bytes().position(|c| !c.is_ascii()) {
        return Err(at);
    }
    let year_len = text.bytes().take_while(u8::is_ascii_digit).count();
    if !(4..=5).contains(&year_len) {
        return Err(year_len.min(5));
    }
    // The text after the year, from its `-`: the fields at fixed places,
    // `-MM-DDTHH:MM:SS` (`D` a digit, `P` punctuation).
    let b = &text.as_bytes()[year_len..];
    let at = |i: usize| year_len + i;
    for (i, expected) in b"-DD-DDTDD:DD:DD".iter().enumerate() {
        let fits = match b.get(i) {
            None => return Err(text.len()),
            Some(c) if *expected == b'D' => c.is_ascii_digit(),
            Some(c) => c == expected,
        };
        if !fits {
            return Err(at(i));
        }
    }
    // Only digits in the fields (checked above), at most five of them.
    let number = |field: &[u8]| field.iter().fold(0, |n, &c| n * 10 + u64::from(c - b'0'));
    let year = number(&text.as_bytes()[..year_len]);
    let (month, day) = (number(&b[1..3]), number(&b[4..6]));
    let (hour, minute, second) = (number(&b[7..9]), number(&b[10..12]), number(&b[13..15]));
    // The fraction: `.` and 1 to 7 digits, then `Z` and nothing more.
    let rest = &b[15..];
    let (fraction, zone) = match rest.strip_prefix(b".") {
        Some(f) => {
            let len = f.iter().take_while(|c| c.is_ascii_digit()).count();
            if len == 0 || len > 7 {
                // No digit after the `.`, or an eighth one.
                return Err(at(16 + len.min(7)));
            }
            // Padded to seven digits: ticks (`len` is 1 to 7).
            let ticks = number(&f[..len]) * 10u64.pow(7 - len as u32);
            (ticks, &f[len..])
        }
        None => (0, rest),
    };
    let zone_at = text.len() - zone.len();
    match zone {
        [b'Z'] => {}
        [b'Z', ..] => return Err(zone_at + 1),
        _ => return Err(zone_at),
    }
    let lengths = month_lengths(year);
    let month_index = usize::try_from(month)
        .ok()
        .and_then(|m| m.checked_sub(1))
        .filter(|&m| m < lengths.len())
        .ok_or(at(1))?;
    if year < 1601 {
        return Err(0);
    }
    for (value, first_ok, last_ok, place) in [
        (day, 1, lengths[month_index], 4),
        (hour, 0, 23, 7),
        (minute, 0, 59, 10),
        (second, 0, 59, 13),
    ] {
        if !(first_ok..=last_ok).contains(&value) {
            return Err(at(place));
        }
    }
    // Leap days in the years from 1601 up to, not including, `year`.
    let leaps_before = |y: u64| y / 4 - y / 100 + y / 400;
    let days = (year - 1601) * 365
        + (leaps_before(year - 1) - leaps_before(1600))
        + lengths[..month_index].iter().sum::<u64>()
        + (day - 1);
    // Seconds fit (a five-digit year is under 4e12 of them); ticks past the
    // largest FILETIME do not.
    let seconds = ((days * 24 + hour) * 60 + minute) * 60 + second;
    seconds
        .checked_mul(TICKS_PER_SECOND)
        .and_then(|t| t.checked_add(fraction))
        .ok_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(ticks: u64) -> String {
        FileTime(ticks).utc().to_string()
    }

    #[test]
    fn filetimes_are_iso_8601_utc() {
        assert_eq!(shown(0), "1601-01-01T00:00:00Z");
        assert_eq!(shown(FileTime::UNIX_EPOCH_TICKS), "1970-01-01T00:00:00Z");
        // 2000-02-29 (a leap day in a century divisible by 400), 12:34:56.5
        let leap = FileTime::UNIX_EPOCH_TICKS + (951_827_696 * 10_000_000) + 5_000_000;
        assert_eq!(shown(leap), "2000-02-29T12:34:56.5Z");
        // 1900 is not a leap year: the day after 02-28 is 03-01.
        let unix_1900_03_01 = -2_203_891_200i64;
        let t = (FileTime::UNIX_EPOCH_TICKS as i64 + unix_1900_03_01 * 10_000_000) as u64;
        assert_eq!(shown(t), "1900-03-01T00:00:00Z");
        // The last day of a leap year (2024-12-31), one tick in.
        let t = FileTime::UNIX_EPOCH_TICKS + 1_735_603_200 * 10_000_000 + 1;
        assert_eq!(shown(t), "2024-12-31T00:00:00.0000001Z");
        // Windows' own limit of FileTimeToSystemTime, and the largest FILETIME.
        assert_eq!(shown(i64::MAX as u64), "30828-09-14T02:48:05.4775807Z");
        assert_eq!(shown(u64::MAX), "60056-05-28T05:36:10.9551615Z");
        assert_eq!(shown(1_230_000), "1601-01-01T00:00:00.123Z");
    }

    /// What `UtcTime` writes, `parse` reads back to the same ticks, over
    /// the whole range and with every kind of fraction.
    #[test]
    fn written_times_read_back_as_the_same_ticks() {
        let mut ticks = vec![0, 1, 9_999_999, 10_000_000, FileTime::UNIX_EPOCH_TICKS];
        ticks.extend([i64::MAX as u64, u64::MAX, u64::MAX - 1]);
        let mut t: u64 = 0x9e37_79b9_7f4a_7c15;
        // Fewer under miri, which interprets every formatting call.
        for _ in 0..if cfg!(miri) { 50 } else { 2000 } {
            t = t.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ticks.extend([t, t / 10_000_000 * 10_000_000, t % 40_000_000_000_000_000]);
        }
        for t in ticks {
            let text = shown(t);
            #[cfg(feature = "alloc")]
            assert!(looks_like_a_date(&text), "{text}");
            assert_eq!(parse(&text), Some(t), "{t} shown as {text}");
        }
    }

    #[test]
    fn only_times_that_exist_and_fit_are_read() {
        for text in [
            "2023-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "1600-12-31T23:59:59Z",
            "2024-13-01T00:00:00Z",
            "2024-00-01T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:60:00Z",
            "2024-01-01T00:00:60Z",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00.12345678Z",
            "2024-01-01T00:00:00Zx",
            "2024-01-01 00:00:00Z",
            "2024-1-01T00:00:00Z",
            "60056-05-28T05:36:10.9551616Z",
            "99999-12-31T23:59:59Z",
            "2024-01-01T00:00:00+00:00",
            "２０２４-01-01T00:00:00Z",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
        assert_eq!(
            parse("2000-02-29T00:00:00Z").map(shown).as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
    }
}
