//! Which slice of a long list a page shows, and which way it is sorted.

/// One page of a list: its number (from 1), its size and the total count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub number: u64,
    pub size: u64,
    pub total: u64,
}

impl Paging {
    /// A page, clamped into range once the total is known.
    pub fn new(requested: Option<u64>, size: u64, total: u64) -> Self {
        let size = size.max(1);
        let last = total.div_ceil(size).max(1);
        let number = requested.unwrap_or(1).clamp(1, last);
        Self {
            number,
            size,
            total,
        }
    }

    /// Rows to skip.
    pub fn offset(&self) -> u64 {
        (self.number - 1) * self.size
    }

    /// The number of the last page (1 for an empty list).
    pub fn last(&self) -> u64 {
        self.total.div_ceil(self.size).max(1)
    }

    /// The previous page's number, if any.
    pub fn previous(&self) -> Option<u64> {
        (self.number > 1).then(|| self.number - 1)
    }

    /// The next page's number, if any.
    pub fn next(&self) -> Option<u64> {
        (self.number < self.last()).then(|| self.number + 1)
    }
}

/// Which way the list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

impl SortDir {
    /// Reads the `dir` parameter.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim() {
            "asc" => Some(SortDir::Asc),
            "desc" => Some(SortDir::Desc),
            _ => None,
        }
    }

    /// The `dir` parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            SortDir::Asc => "asc",
            SortDir::Desc => "desc",
        }
    }

    /// The other way.
    pub fn flip(self) -> Self {
        match self {
            SortDir::Asc => SortDir::Desc,
            SortDir::Desc => SortDir::Asc,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_clamped_into_range() {
        let p = Paging::new(Some(9), 25, 60);
        assert_eq!((p.number, p.last(), p.offset()), (3, 3, 50));
        assert_eq!((p.previous(), p.next()), (Some(2), None));
        let empty = Paging::new(Some(0), 25, 0);
        assert_eq!((empty.number, empty.last(), empty.next()), (1, 1, None));
    }
}
