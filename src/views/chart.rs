//! Horizontal bar charts drawn on the server as SVG: the geometry is worked out here and
//! `partials/bar_chart` draws it. Every chart has a title and sits beside a table with
//! the same numbers, so nobody needs to read the picture.

use serde::Serialize;

/// The drawing's width in SVG units; it scales to the page.
const WIDTH: u32 = 640;
/// Each label sits on its own line above its bar, so long names are never cut off;
/// the value follows the bar, with room kept for it on the right.
const LABEL_HEIGHT: u32 = 20;
const VALUE_WIDTH: u32 = 120;
const BAR_HEIGHT: u32 = 18;
const GAP: u32 = 12;
const ROW: u32 = LABEL_HEIGHT + BAR_HEIGHT + GAP;

/// One bar, placed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    pub label: String,
    /// The value as the table shows it, e.g. `£12,500.00` or `14`.
    pub value_text: String,
    /// The baseline of the label, above the bar.
    pub label_y: u32,
    pub y: u32,
    /// The middle of the bar, where the value sits.
    pub text_y: u32,
    pub width: u32,
    /// Where the value starts: just after the end of the bar.
    pub value_x: u32,
}

/// A chart ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BarChart {
    /// Unique on the page: the SVG's title and description point at it.
    pub id: String,
    pub title: String,
    /// A sentence for screen readers saying where the numbers are.
    pub description: String,
    pub width: u32,
    pub height: u32,
    pub bar_height: u32,
    pub bars: Vec<Bar>,
}

/// Lays out one bar per `(label, value, value_text)`, scaled so that the largest value
/// fills the room; negative values draw as empty bars.
pub fn bar_chart(
    id: &str,
    title: &str,
    bars: impl IntoIterator<Item = (String, i64, String)>,
) -> BarChart {
    let bars: Vec<(String, i64, String)> = bars.into_iter().collect();
    let max = bars.iter().map(|(_, v, _)| *v).max().unwrap_or(0).max(1);
    let room = WIDTH - VALUE_WIDTH;
    let placed: Vec<Bar> = bars
        .into_iter()
        .enumerate()
        .map(|(i, (label, value, value_text))| {
            let top = i as u32 * ROW;
            let y = top + LABEL_HEIGHT;
            // A non-zero value always shows at least a sliver.
            let scaled = (value.max(0) as f64 / max as f64 * room as f64).round() as u32;
            let width = if value > 0 { scaled.max(2) } else { 0 };
            Bar {
                label,
                value_text,
                label_y: top + LABEL_HEIGHT - 5,
                y,
                text_y: y + BAR_HEIGHT / 2,
                width,
                value_x: width + 8,
            }
        })
        .collect();
    let height = (placed.len() as u32 * ROW).max(GAP);
    BarChart {
        id: id.to_owned(),
        title: title.to_owned(),
        description: format!("{title}. The same figures are in the table with the chart."),
        width: WIDTH,
        height,
        bar_height: BAR_HEIGHT,
        bars: placed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(values: &[i64]) -> BarChart {
        bar_chart(
            "c",
            "Awarded by ward",
            values
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("Ward {i}"), *v, v.to_string())),
        )
    }

    #[test]
    fn the_largest_value_fills_the_room_and_others_scale_to_it() {
        let c = chart(&[100, 50, 0, 1]);
        let widths: Vec<u32> = c.bars.iter().map(|b| b.width).collect();
        assert_eq!(widths, vec![520, 260, 0, 5]);
        // Label line, then the bar, then a gap: 50 units a row.
        assert_eq!((c.bars[1].label_y, c.bars[1].y), (65, 70));
        assert_eq!(c.bars[1].value_x, 268);
        assert_eq!(c.height, 4 * 50);
    }

    #[test]
    fn a_tiny_value_still_shows_and_an_empty_chart_has_no_bars() {
        let c = chart(&[1_000_000, 1]);
        assert_eq!(c.bars[1].width, 2);
        let empty = chart(&[]);
        assert!(empty.bars.is_empty());
        assert_eq!(empty.height, 12);
        let zeros = chart(&[0, 0]);
        assert!(zeros.bars.iter().all(|b| b.width == 0));
    }
}
