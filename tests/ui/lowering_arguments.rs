use gen_core::{Stream, generator, yield_};

// A sync generator is always a state machine.
#[generator(lowering = async)]
fn numbers() -> impl Iterator<Item = u32> {
    yield_!(1);
}

#[generator(lowering = fast)]
async fn unknown() -> impl Stream<Item = u32> {
    yield_!(1);
}

// A state machine keeps its locals apart from the future it awaits, which cannot borrow
// them.
#[generator(lowering = state_machine)]
async fn lines(mut reader: tokio::io::BufReader<tokio::io::Stdin>) -> impl Stream<Item = String> {
    let mut line = String::new();
    while tokio::io::AsyncBufReadExt::read_line(&mut reader, &mut line).await.unwrap_or(0) > 0 {
        yield_!(std::mem::take(&mut line));
    }
}

// The macro sees no types: `guard.touch()` may move `guard` or only borrow it.
#[generator(lowering = state_machine)]
async fn guarded(guard: Guard) -> impl Stream<Item = u32> {
    guard.touch();
    tokio::task::yield_now().await;
    yield_!(1);
}

// A yield in another macro's arguments: the attribute cannot see where the macro puts it.
#[generator(lowering = state_machine)]
async fn selected(mut numbers: tokio::sync::mpsc::Receiver<u32>) -> impl Stream<Item = u32> {
    loop {
        tokio::select! {
            Some(n) = numbers.recv() => yield_!(n),
            else => break,
        }
    }
}

struct Guard;

impl Guard {
    fn touch(&self) {}
}

fn main() {
    let _ = (numbers(), unknown());
}
