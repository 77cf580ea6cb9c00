//! Handlebars helpers: dates and times in the council's time zone, money, equality.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason,
};

use crate::format;

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
        .map(format::date)
        .unwrap_or_else(|_| text.to_owned()),
    None => String::new(),
});
handlebars::handlebars_helper!(thousands: |n: i64| format::count(n));
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
                out.write(&format::money(pence))?;
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
                    out.write(&format::datetime(at.with_timezone(&Utc), tz))?;
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
