//! One module per subcommand.

pub mod decode;
pub mod dump;
pub mod encode;
pub mod offline;
