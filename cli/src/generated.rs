//! `clusprop completions SHELL` and `clusprop man`: the shell completion
//! scripts and the manual page, generated from the clap definitions at run
//! time, so that whoever has the binary (`cargo install` included) has them.

use crate::error::{Failure, Outcome};

/// Writes the completion script for `shell` to stdout.
pub fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut command = crate::cli_command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "clusprop", &mut script);
    crate::output::write_stdout(&String::from_utf8_lossy(&script));
    Ok(())
}

/// Writes the manual page (roff) to stdout: the top-level page, then a
/// section for each subcommand with its own options.
pub fn man() -> Outcome {
    let command = crate::cli_command();
    let mut page = Vec::new();
    let man = clap_mangen::Man::new(command.clone());
    man.render(&mut page)
        .map_err(|e| Failure::output(format!("cannot render the manual page: {e}")))?;
    for sub in command.get_subcommands() {
        let name = sub.get_name();
        let sub = sub.clone().bin_name(format!("clusprop {name}"));
        let section = clap_mangen::Man::new(sub);
        page.extend_from_slice(format!(".SH \"CLUSPROP {}\"\n", name.to_uppercase()).as_bytes());
        section
            .render_description_section(&mut page)
            .and_then(|()| section.render_synopsis_section(&mut page))
            .and_then(|()| section.render_options_section(&mut page))
            .map_err(|e| Failure::output(format!("cannot render the manual page: {e}")))?;
    }
    crate::output::write_stdout(&String::from_utf8_lossy(&page));
    Ok(())
}
