//! Benchmarks at scale: `dealfund bench-seed` fills a database, `dealfund bench` drives
//! the app over HTTP and prints a table of throughput and latency.

pub mod load;
pub mod seed;
