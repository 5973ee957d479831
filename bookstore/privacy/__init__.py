"""Privacy: a reader's data export and account erasure, and the data map that keeps them complete."""
