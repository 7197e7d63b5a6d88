//! Reading a file line by line with an async generator, and parsing the lines with a
//! second one layered on top with `#[for_await]`.
//!
//! ```text
//! cargo run --example file_lines
//! ```

use std::fmt;
use std::io;
use std::path::Path;

use futures::StreamExt;
use gen_core::{Stream, generator, yield_};
use tokio::fs::File;
use tokio::io::{AsyncBufReadExt, BufReader};

/// The lines of the file at `path`. An I/O error (including a missing file) is the
/// last item.
#[generator]
async fn lines(path: &Path) -> impl Stream<Item = io::Result<String>> {
    let file = File::open(path).await?;
    let mut lines = BufReader::new(file).lines();
    while let Some(line) = lines.next_line().await? {
        yield_!(Ok(line));
    }
}

#[derive(Debug)]
struct Reading {
    sensor: String,
    celsius: f64,
}

impl Reading {
    /// `sensor,celsius`
    fn parse(line: &str) -> Option<Reading> {
        let (sensor, celsius) = line.split_once(',')?;
        Some(Reading {
            sensor: sensor.trim().to_owned(),
            celsius: celsius.trim().parse().ok()?,
        })
    }
}

#[derive(Debug)]
enum Error {
    Io(io::Error),
    /// A line that is not `sensor,celsius`; the stream goes on after it.
    Parse {
        line: usize,
        text: String,
    },
}

impl From<io::Error> for Error {
    fn from(error: io::Error) -> Self {
        Error::Io(error)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(error) => write!(f, "I/O error: {error}"),
            Error::Parse { line, text } => write!(f, "line {line}: cannot parse {text:?}"),
        }
    }
}

/// The readings in a CSV file of `sensor,celsius` lines, skipping blank lines and
/// `#` comments. A malformed line is reported and skipped; an I/O error ends the stream.
#[generator]
async fn readings(path: &Path) -> impl Stream<Item = Result<Reading, Error>> {
    let mut number = 0;
    #[for_await]
    for line in lines(path) {
        number += 1;
        let line = line?; // `?` converts the `io::Error` with `From`
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match Reading::parse(line) {
            Some(reading) => yield_!(Ok(reading)),
            None => yield_!(Err(Error::Parse {
                line: number,
                text: line.to_owned(),
            })),
        }
    }
}

const CSV: &str = "\
# sensor,celsius
kitchen,21.5
garage, 9.0

attic,n/a
kitchen,22.1
cellar,12.25
";

#[tokio::main]
async fn main() -> io::Result<()> {
    let path = std::env::temp_dir().join(format!("gen-readings-{}.csv", std::process::id()));
    tokio::fs::write(&path, CSV).await?;
    println!("wrote {}", path.display());

    let mut total = 0.0;
    let mut count = 0;
    let mut stream = std::pin::pin!(readings(&path));
    while let Some(reading) = stream.next().await {
        match reading {
            Ok(Reading { sensor, celsius }) => {
                println!("  {sensor:<8} {celsius:>6.2} °C");
                total += celsius;
                count += 1;
            }
            Err(error) => println!("  error: {error}"),
        }
    }
    println!(
        "  average of {count} readings: {:.2} °C",
        total / f64::from(count)
    );

    tokio::fs::remove_file(&path).await?;

    // The file is gone now: the stream has one item, the error from opening it.
    println!("after removing it:");
    let items: Vec<String> = readings(&path)
        .map(|reading| match reading {
            Ok(reading) => format!("{reading:?}"),
            Err(error) => error.to_string(),
        })
        .collect()
        .await;
    println!("  {items:?}");
    Ok(())
}
