//! `#[generator]` on an `unsafe fn` (kept apart from the `forbid(unsafe_code)` tests).

use gen_core::{generator, yield_};

/// # Safety
/// `len` must not exceed the length of `bytes` (it is not checked).
#[generator]
unsafe fn prefix(bytes: &[u8], len: usize) -> impl Iterator<Item = u8> + '_ {
    for i in 0..len {
        // SAFETY: the caller promised `len <= bytes.len()`.
        yield_!(unsafe { *bytes.get_unchecked(i) });
    }
}

#[test]
fn unsafe_generators() {
    let bytes = [1, 2, 3];
    // SAFETY: 2 <= 3.
    let got: Vec<u8> = unsafe { prefix(&bytes, 2) }.collect();
    assert_eq!(got, [1, 2]);
}
