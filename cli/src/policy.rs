//! The decode policy flags shared by `decode` and `dump`.

use clap::Args;
use clusprop::DecodeOptions;

/// Which reader policy to apply (the core's `DecodeOptions` presets).
#[derive(Args, Debug, Clone, Copy)]
pub struct Policy {
    /// Exactly MS-CMRP: only its syntaxes, no zero-length values. MS-CMRP
    /// defines no nested-list syntax, so a nested property or value list is
    /// rejected (exit 1, "is not an accepted syntax").
    #[arg(long, conflicts_with_all = ["lenient", "client"])]
    pub ms_cmrp: bool,
    /// Anything structurally sound: any syntax, any number of values.
    /// `decode --json` of such a list may hold what `encode` refuses (it
    /// writes only what the default reader accepts), and `encode` says where.
    #[arg(long, conflicts_with = "client")]
    pub lenient: bool,
    /// A list a client sent: additionally reject EXPANDED_SZ (MS-CMRP 2.2.2.3).
    #[arg(long)]
    pub client: bool,
    /// Report non-zero padding bytes as an error (MS-CMRP says to ignore them).
    #[arg(long)]
    pub strict_padding: bool,
}

impl Policy {
    /// The reader options these flags select.
    pub fn options(&self) -> DecodeOptions {
        let mut options = if self.ms_cmrp {
            DecodeOptions::ms_cmrp()
        } else if self.lenient {
            DecodeOptions::lenient()
        } else if self.client {
            DecodeOptions::client_input()
        } else {
            DecodeOptions::default()
        };
        options.reject_nonzero_padding = self.strict_padding;
        options
    }
}
