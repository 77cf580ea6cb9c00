//! Benchmarks at scale: `dealfund-bench bench-seed` fills a database, `dealfund-bench bench`
//! drives the app over HTTP and prints a table of throughput and latency. A crate of its
//! own, so that the server carries neither this code nor its HTTP client.

pub mod load;
pub mod seed;
