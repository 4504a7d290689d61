//! Small helpers every layer may use.

/// Move `v` into an allocation of exactly its length. Not `shrink_to_fit`: an allocator
/// may keep a block that shrinks by less than half in place (mimalloc does), and then the
/// spare capacity stays held.
pub fn exact<T>(v: &mut Vec<T>) {
    if v.capacity() > v.len() {
        let mut fitted = Vec::with_capacity(v.len());
        fitted.append(v);
        *v = fitted;
    }
}
