//! Handlebars helpers: dates and times in the council's time zone, money, equality.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason,
};

fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Formats pence as pounds: `£1,234.56`.
pub fn format_money(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let pence = pence.unsigned_abs();
    format!("{sign}£{}.{:02}", grouped(pence / 100), pence % 100)
}

/// Formats a whole number with thousands separators: `12,345`.
pub fn format_count(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", grouped(n.unsigned_abs()))
}

/// Formats a UTC time for people in the council's time zone.
pub fn format_datetime(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%-d %B %Y, %H:%M").to_string()
}

fn param_str<'a>(
    h: &'a Helper<'_>,
    name: &'static str,
) -> Result<&'a serde_json::Value, RenderErrorReason> {
    h.param(0)
        .map(|p| p.value())
        .ok_or(RenderErrorReason::ParamNotFoundForIndex(name, 0))
}

handlebars::handlebars_helper!(eq: |a: Json, b: Json| a == b);
// A calendar date (`2026-03-01`) in words: `1 March 2026`; anything else is shown as it is.
handlebars::handlebars_helper!(date: |d: Json| match d.as_str() {
    Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| d.format("%-d %B %Y").to_string())
        .unwrap_or_else(|_| text.to_owned()),
    None => String::new(),
});
handlebars::handlebars_helper!(thousands: |n: i64| format_count(n));
handlebars::handlebars_helper!(concat: |a: str, b: Json| match b {
    serde_json::Value::String(s) => format!("{a}{s}"),
    other => format!("{a}{other}"),
});

/// Registers every helper.
pub fn register(hbs: &mut Handlebars<'_>, tz: Tz) {
    hbs.register_helper(
        "money",
        Box::new(
            |h: &Helper<'_>,
             _: &Handlebars<'_>,
             _: &Context,
             _: &mut RenderContext<'_, '_>,
             out: &mut dyn Output|
             -> HelperResult {
                let value = param_str(h, "money")?;
                let pence = value.as_i64().ok_or(RenderErrorReason::InvalidParamType(
                    "money needs whole pence",
                ))?;
                out.write(&format_money(pence))?;
                Ok(())
            },
        ),
    );
    hbs.register_helper(
        "datetime",
        Box::new(
            move |h: &Helper<'_>,
                  _: &Handlebars<'_>,
                  _: &Context,
                  _: &mut RenderContext<'_, '_>,
                  out: &mut dyn Output|
                  -> HelperResult {
                let value = param_str(h, "datetime")?;
                if let Some(text) = value.as_str()
                    && let Ok(at) = DateTime::parse_from_rfc3339(text)
                {
                    out.write(&format_datetime(at.with_timezone(&Utc), tz))?;
                }
                Ok(())
            },
        ),
    );
    hbs.register_helper("eq", Box::new(eq));
    hbs.register_helper("date", Box::new(date));
    hbs.register_helper("thousands", Box::new(thousands));
    hbs.register_helper("concat", Box::new(concat));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_shown_in_pounds_with_thousands_separated() {
        assert_eq!(format_money(123_456), "£1,234.56");
        assert_eq!(format_money(5), "£0.05");
        assert_eq!(format_money(100_000_000), "£1,000,000.00");
        assert_eq!(format_money(-250), "-£2.50");
    }

    #[test]
    fn counts_have_thousands_separated() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1_234_567), "1,234,567");
        assert_eq!(format_count(-1_000), "-1,000");
    }

    #[test]
    fn times_are_shown_in_the_councils_zone() {
        let summer = DateTime::parse_from_rfc3339("2026-07-01T11:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            format_datetime(summer, chrono_tz::Europe::London),
            "1 July 2026, 12:00"
        );
        let winter = DateTime::parse_from_rfc3339("2026-12-01T11:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            format_datetime(winter, chrono_tz::Europe::London),
            "1 December 2026, 11:00"
        );
    }
}
