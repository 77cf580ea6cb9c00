//! Handlebars helpers: dates and times in the council's time zone, money, equality.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason,
};

/// Formats pence as pounds: `£1,234.56`.
pub fn format_money(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let pence = pence.unsigned_abs();
    let pounds = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in pounds.chars().enumerate() {
        if i > 0 && (pounds.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}£{grouped}.{:02}", pence % 100)
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
