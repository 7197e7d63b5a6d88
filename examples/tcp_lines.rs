//! A line-based TCP server whose connection handler reads an async generator of parsed
//! requests, and a client talking to it, in one process. The server takes a single
//! connection and the client ends it with `QUIT`, so the example exits by itself.
//!
//! ```text
//! cargo run --example tcp_lines
//! ```

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::str::FromStr;

use futures::StreamExt;
use gen_core::{Stream, generator, yield_};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::OwnedReadHalf;
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, PartialEq)]
enum Request {
    Ping,
    Echo(String),
    Add(Vec<i64>),
    Quit,
}

#[derive(Debug)]
enum Error {
    Io(io::Error),
    /// A line that is not a request; the connection goes on after it.
    BadRequest(String),
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
            Error::BadRequest(why) => f.write_str(why),
        }
    }
}

impl FromStr for Request {
    type Err = Error;

    fn from_str(line: &str) -> Result<Self, Error> {
        let (command, args) = line.split_once(' ').unwrap_or((line, ""));
        match command {
            "PING" => Ok(Request::Ping),
            "ECHO" => Ok(Request::Echo(args.to_owned())),
            "ADD" => args
                .split_whitespace()
                .map(str::parse)
                .collect::<Result<_, _>>()
                .map(Request::Add)
                .map_err(|_| Error::BadRequest(format!("ADD takes integers, not {args:?}"))),
            "QUIT" => Ok(Request::Quit),
            _ => Err(Error::BadRequest(format!("unknown command {command:?}"))),
        }
    }
}

impl Request {
    fn answer(&self) -> String {
        match self {
            Request::Ping => "PONG".to_owned(),
            Request::Echo(text) => text.clone(),
            Request::Add(numbers) => numbers.iter().sum::<i64>().to_string(),
            Request::Quit => "BYE".to_owned(),
        }
    }
}

/// The requests arriving on a connection, one per line, up to `QUIT` or the end of
/// the input. A malformed line yields a `BadRequest` error and reading goes on; an I/O
/// error is the last item.
///
/// It reads the connection's read half: the handler keeps the write half to answer.
#[generator]
async fn requests(reader: OwnedReadHalf) -> impl Stream<Item = Result<Request, Error>> {
    let mut lines = BufReader::new(reader).lines();
    while let Some(line) = lines.next_line().await? {
        match line.parse() {
            Ok(Request::Quit) => {
                yield_!(Ok(Request::Quit));
                return; // read nothing after QUIT
            }
            request => yield_!(request),
        }
    }
}

/// Accepts one connection and answers each request on it with one line.
async fn serve(listener: TcpListener) -> io::Result<()> {
    let (stream, peer) = listener.accept().await?;
    println!("server: connection from {peer}");
    let (reader, mut writer) = stream.into_split();
    let mut requests = pin!(requests(reader));
    while let Some(request) = requests.next().await {
        let answer = match request {
            Ok(request) => request.answer(),
            Err(Error::BadRequest(why)) => format!("ERR {why}"),
            Err(Error::Io(error)) => return Err(error),
        };
        writer.write_all(format!("{answer}\n").as_bytes()).await?;
    }
    // Dropping the write half closes the connection.
    Ok(())
}

/// Sends a few lines, printing each with the server's answer.
async fn client(addr: SocketAddr) -> io::Result<()> {
    let (reader, mut writer) = TcpStream::connect(addr).await?.into_split();
    let mut answers = BufReader::new(reader).lines();
    for line in [
        "PING",
        "ECHO hello, generators",
        "ADD 1 2 39",
        "ADD 1 two",
        "SHOUT hi",
        "QUIT",
    ] {
        writer.write_all(format!("{line}\n").as_bytes()).await?;
        let answer = answers.next_line().await?.unwrap_or_default();
        println!("client: {line:<24} -> {answer}");
    }
    // After QUIT the server hangs up.
    assert_eq!(answers.next_line().await?, None);
    println!("client: connection closed by the server");
    Ok(())
}

#[tokio::main]
async fn main() -> io::Result<()> {
    // Port 0: the OS picks a free port.
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    println!("server: listening on {addr}");

    let server = tokio::spawn(serve(listener));
    client(addr).await?;
    server.await??;
    println!("server: done");
    Ok(())
}
